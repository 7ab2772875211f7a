"""The staff exit PIN: only its argon2 hash is kept (settings.kiosk.exit_pin_hash).

argon2 is loaded when a PIN is first hashed or checked, not with the kiosk: most
processes that build a kiosk backend (`asan-queue ticket`) never check one."""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from argon2 import PasswordHasher

MIN_PIN_DIGITS = 4


@cache
def _hasher() -> PasswordHasher:
    from argon2 import PasswordHasher

    # Light enough to check on a kiosk in well under a second, still argon2id.
    return PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)


class PinError(ValueError):
    """A PIN that cannot be used (too short, not digits)."""


def hash_pin(pin: str) -> str:
    """The argon2id hash of a PIN of at least four digits."""
    if not (pin.isascii() and pin.isdigit()):
        raise PinError("the PIN must be digits only (it is typed on the kiosk's keypad)")
    if len(pin) < MIN_PIN_DIGITS:
        raise PinError(f"the PIN needs at least {MIN_PIN_DIGITS} digits")
    return str(_hasher().hash(pin))


def verify_pin(pin_hash: str | None, pin: str) -> bool:
    """True when `pin` matches; False for a wrong PIN, no hash or a broken hash."""
    if not pin_hash or not pin:
        return False
    from argon2.exceptions import InvalidHashError, VerificationError

    try:
        return bool(_hasher().verify(pin_hash, pin))
    except (VerificationError, InvalidHashError):  # a mismatch is a VerificationError
        return False
