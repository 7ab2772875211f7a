"""The staff exit: a hidden corner tapped five times opens a PIN pad.

Only the PIN's hash is configured; the PIN is checked by a port that counts the
tries in the centre store under the shared lock-out rule (`ExitPinGuard`: a lock
after five wrong PINs that doubles, kept across restarts). The pad shows how long
the lock still holds.
"""

from __future__ import annotations

from collections.abc import Callable

from kiosk_app.services.kiosk.types import PinVerdict
from server_sync.kernel.i18n import N_

CORNER_TAPS = 5
CORNER_WINDOW_S = 3.0
MAX_PIN = 12


class StaffExit:
    def __init__(self, check_pin: Callable[[str], PinVerdict] | None) -> None:
        self.check_pin = check_pin
        self.pin = ""
        self.error: str | None = None  # translation key, or None
        self.locked_until = 0.0  # monotonic seconds, for the countdown on the pad
        self._taps: list[float] = []

    @property
    def enabled(self) -> bool:
        return self.check_pin is not None

    def corner_tap(self, now: float) -> bool:
        """True when this tap completes the secret gesture."""
        self._taps = [t for t in self._taps if now - t <= CORNER_WINDOW_S] + [now]
        if len(self._taps) >= CORNER_TAPS:
            self._taps = []
            return True
        return False

    def open(self) -> None:
        self.pin, self.error = "", None if self.enabled else N_("kiosk.staff_exit.no_pin")

    def press(self, digit: str) -> None:
        if digit.isdigit() and len(self.pin) < MAX_PIN:
            self.pin += digit
            self.error = None if self.enabled else N_("kiosk.staff_exit.no_pin")

    def backspace(self) -> None:
        self.pin = self.pin[:-1]

    @property
    def masked(self) -> str:
        return "●" * len(self.pin)

    def locked_for(self, now: float) -> int:
        return max(0, int(self.locked_until - now + 0.999))

    def submit(self, now: float) -> bool:
        """True when the PIN is right (the kiosk may close)."""
        pin, self.pin = self.pin, ""
        if self.check_pin is None:
            self.error = N_("kiosk.staff_exit.no_pin")
            return False
        verdict = self.check_pin(pin)
        if verdict.ok:
            self.error, self.locked_until = None, 0.0
            return True
        self.locked_until = now + verdict.locked_for_s
        if verdict.locked_for_s:
            self.error = N_("kiosk.staff_exit.locked")
        else:
            self.error = N_("kiosk.staff_exit.wrong")
        return False
