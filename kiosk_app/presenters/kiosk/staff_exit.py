"""The staff exit: a hidden corner tapped five times opens a PIN pad.

Only the PIN's hash is configured; after five wrong PINs the pad locks for a
minute, so a visitor cannot try PINs for long.
"""

from __future__ import annotations

from collections.abc import Callable

from server_sync.kernel.i18n import N_

CORNER_TAPS = 5
CORNER_WINDOW_S = 3.0
MAX_FAILURES = 5
LOCK_S = 60.0
MAX_PIN = 12


class StaffExit:
    def __init__(self, check_pin: Callable[[str], bool] | None) -> None:
        self.check_pin = check_pin
        self.pin = ""
        self.error: str | None = None  # translation key, or None
        self.failures = 0
        self.locked_until = 0.0
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
        if self.locked_for(now):
            self.error = N_("kiosk.staff_exit.locked")
            return False
        if self.check_pin(pin):
            self.failures, self.error = 0, None
            return True
        self.failures += 1
        self.error = N_("kiosk.staff_exit.wrong")
        if self.failures >= MAX_FAILURES:
            self.failures, self.locked_until, self.error = (
                0,
                now + LOCK_S,
                N_("kiosk.staff_exit.locked"),
            )
        return False
