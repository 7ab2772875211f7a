"""Order codes (sifariş kodu): what a citizen types at the kiosk or shows as a QR.

An order code is 12 digits: 11 random digits from the operating system's CSPRNG
followed by a Damm check digit. The Damm algorithm detects every single-digit
error and every transposition of adjacent digits, so a mistyped code is refused
by the kiosk before any lookup.

Odds of guessing: there are 10**11 possible codes. A big centre holds at most a
few thousand live bookings for a day (say 5,000), so one random guess hits *some*
valid code with probability 5,000 / 10**11 = 1 in 20 million. A person tapping a
guess every 5 seconds for a whole 10-hour day (7,200 guesses) succeeds with
probability about 1 in 2,800 per kiosk-day, and the hit is an arbitrary booking
for another time and service that staff would notice. Hopeless in practice.
"""

from __future__ import annotations

import re
import secrets

CODE_LENGTH = 12
_RANDOM_DIGITS = CODE_LENGTH - 1
_SEPARATORS = re.compile(r"[\s\-‐‑–—_.]+")

# Damm's weakly totally anti-symmetric quasigroup of order 10.
_DAMM = (
    (0, 3, 1, 7, 5, 9, 8, 6, 4, 2),
    (7, 0, 9, 2, 1, 5, 4, 8, 6, 3),
    (4, 2, 0, 6, 8, 7, 1, 3, 5, 9),
    (1, 7, 5, 0, 9, 8, 3, 4, 2, 6),
    (6, 1, 2, 3, 0, 4, 5, 9, 7, 8),
    (3, 6, 7, 4, 2, 0, 9, 5, 8, 1),
    (5, 8, 6, 9, 7, 2, 0, 1, 3, 4),
    (8, 9, 4, 5, 3, 6, 2, 0, 1, 7),
    (9, 4, 3, 8, 6, 1, 7, 2, 0, 5),
    (2, 5, 8, 1, 4, 3, 6, 7, 9, 0),
)


class OrderCodeError(ValueError):
    """A typed or scanned order code that cannot be an order code."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason  # "empty", "not_digits", "length", "check_digit"


def damm_check_digit(digits: str) -> int:
    """The digit that, appended to `digits`, makes the Damm interim digit 0."""
    interim = 0
    for ch in digits:
        interim = _DAMM[interim][ord(ch) - 48]
    return interim


def is_valid(code: str) -> bool:
    """True when `code` is all digits of the right length with a good check digit."""
    return (
        len(code) == CODE_LENGTH
        and code.isascii()
        and code.isdigit()
        and damm_check_digit(code) == 0
    )


def generate_order_code() -> str:
    """A fresh random order code (CSPRNG), check digit included."""
    body = f"{secrets.randbelow(10**_RANDOM_DIGITS):0{_RANDOM_DIGITS}d}"
    return body + str(damm_check_digit(body))


def parse_order_code(text: str) -> str:
    """Normalise what a person typed or a scanner read: spaces and dashes are
    ignored; anything else must be exactly 12 digits with a valid check digit."""
    cleaned = _SEPARATORS.sub("", text.strip())
    if not cleaned:
        raise OrderCodeError("empty", "order code is empty")
    if not (cleaned.isascii() and cleaned.isdigit()):
        raise OrderCodeError("not_digits", "order code must contain digits only")
    if len(cleaned) != CODE_LENGTH:
        raise OrderCodeError("length", f"order code must have {CODE_LENGTH} digits")
    if damm_check_digit(cleaned) != 0:
        raise OrderCodeError("check_digit", "order code has a typing error (check digit)")
    return cleaned


def format_order_code(code: str) -> str:
    """Group digits by four for reading aloud and typing: `1234 5678 9012`.

    Works on partial input too, so a keypad can show digits grouped as typed.
    """
    digits = "".join(ch for ch in code if ch.isdigit())
    return " ".join(digits[i : i + 4] for i in range(0, len(digits), 4))
