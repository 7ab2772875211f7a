"""Masking of personal data (FIN, ID document, phone, e-mail) for screens and logs.

Tickets, screens and log lines show only enough to recognise one's own data:
`AZE*****678`, `+994 ** *** ** 67`, `a***@mail.az`, `5ZK****`. The numbers an account
proves identity with (seed 004: passport `C12345678`, driving licence `AB123456`,
social insurance certificate, 13 digits) are masked in free text too.
"""

from __future__ import annotations

import re
from urllib.parse import unquote_plus

_ID_DOCUMENT = re.compile(r"\b(AZE|AA)(\d{7,8})\b", re.IGNORECASE)
_PHONE = re.compile(
    # separators: spaces, dashes, and `+` (a space in a form-encoded body)
    r"(?<!\d)(?:\+?994|0)[\s+-]?\(?(\d{2})\)?[\s+-]?(\d{3})[\s+-]?(\d{2})[\s+-]?(\d{2})(?!\d)"
)
_EMAIL = re.compile(r"\b([A-Za-z0-9._%+-])[A-Za-z0-9._%+-]*@([A-Za-z0-9.-]+\.[A-Za-z]{2,})\b")
# A FIN is 7 letters/digits with at least one of each (ticket numbers are 4).
_FIN = re.compile(r"\b(?=[0-9A-Z]{7}\b)(?=[A-Z]*\d)(?=\d*[A-Z])([0-9A-Z]{2})[0-9A-Z]{5}\b")


# Identity proofs of seed 004 (see domain.identity_proofs for their forms).
_PASSPORT = re.compile(r"\b([A-Z])\d{5}(\d{3})\b")
_DRIVING_LICENCE = re.compile(r"\b([A-Z]{2})\d{3}(\d{3})\b")
_SOCIAL_INSURANCE = re.compile(r"(?<!\d)\d{10}(\d{3})(?!\d)")


def mask_id_document(value: str) -> str:
    """`AZE12345678` → `AZE*****678`."""
    value = value.strip().upper()
    m = _ID_DOCUMENT.fullmatch(value)
    if not m:
        return "*" * max(len(value) - 3, 0) + value[-3:]
    prefix, digits = m.groups()
    return prefix + "*" * (len(digits) - 3) + digits[-3:]


def mask_phone(value: str) -> str:
    """`+994501234567` → `+994 ** *** ** 67`."""
    digits = re.sub(r"\D", "", value)
    return f"+994 ** *** ** {digits[-2:]}" if len(digits) >= 2 else "***"


def mask_email(value: str) -> str:
    """`aysel@mail.az` → `a***@mail.az`."""
    local, _, domain = value.partition("@")
    return f"{local[:1]}***@{domain}" if domain else "***"


def mask_fin(value: str) -> str:
    """`5ZK3A8P` → `5Z*****`."""
    return value[:2] + "*" * max(len(value) - 2, 0)


def mask_address(value: str) -> str:
    """`Bakı, Nizami küçəsi 10, mənzil 5` → `Bakı, •••` (the town, not the street)."""
    town, sep, _rest = value.partition(",")
    return f"{town.strip()}, •••" if sep and town.strip() else "•••"


def mask_name(first: str, last: str) -> str:
    """`Aysel`, `Məmmədova` → `Aysel M.` (what a screen may show)."""
    return f"{first} {last[:1]}." if last else first


# A run of URL-encoded characters (`x%40mail.az`, `%2B994%2050…`) in a query string or body.
_ENC = r"(?:%[0-9A-Fa-f]{2}|[A-Za-z0-9._~+-])*"
_ENCODED = re.compile(_ENC + r"%[0-9A-Fa-f]{2}" + _ENC)


def mask_text(text: str) -> str:
    """Mask every ID document, phone, e-mail and FIN found in free text, also where it
    is URL-encoded (a query string, a form body): such a run is decoded, and replaced by
    its masked form when it held personal data."""
    if "%" in text:
        text = _ENCODED.sub(_mask_encoded, text)
    return _mask_plain(text)


def _mask_encoded(match: re.Match[str]) -> str:
    raw = match.group(0)
    decoded = unquote_plus(raw)
    masked = _mask_plain(decoded)
    return raw if masked == decoded else masked


def _mask_plain(text: str) -> str:
    text = _ID_DOCUMENT.sub(lambda m: mask_id_document(m.group(0)), text)
    text = _EMAIL.sub(lambda m: f"{m.group(1)}***@{m.group(2)}", text)
    text = _PHONE.sub(lambda m: f"+994 ** *** ** {m.group(4)}", text)
    text = _PASSPORT.sub(lambda m: f"{m.group(1)}*****{m.group(2)}", text)
    text = _DRIVING_LICENCE.sub(lambda m: f"{m.group(1)}***{m.group(2)}", text)
    text = _SOCIAL_INSURANCE.sub(lambda m: f"**********{m.group(1)}", text)
    return _FIN.sub(lambda m: m.group(1) + "*****", text)
