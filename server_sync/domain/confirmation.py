"""Confirmation codes (təsdiqedici şifrə) and the limits around them (pure).

A code is 6 random digits, valid for a few minutes, used once. Only a keyed
hash (HMAC-SHA256 with the server's secret) is stored: a leaked database does
not give the codes away, and checking one costs microseconds, which matters
because every booking checks one. Wrong tries are counted; at the limit the
code is burned and further tries are refused as "too many" (HTTP 429).
"""

from __future__ import annotations

import enum
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

CODE_DIGITS = 6


class CodeCheck(enum.StrEnum):
    OK = "ok"
    MISSING = "code_missing"  # no code was ever sent to this e-mail
    EXPIRED = "code_expired"
    USED = "code_used"
    WRONG = "code_wrong"
    BURNED = "code_burned"  # too many wrong tries


def new_code() -> str:
    """Six digits from the operating system's CSPRNG."""
    return f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"


def normalise_email_key(email: str) -> str:
    """The form of an e-mail used as a key: trimmed, lower case."""
    return email.strip().lower()


def keyed_hash(secret: str, *parts: str) -> str:
    """HMAC-SHA256 of the parts joined by NUL, hex; used for codes, e-mails, IPs."""
    message = "\0".join(parts).encode("utf-8")
    return hmac.new(secret.encode("utf-8"), message, hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class StoredCode:
    """What the store keeps of the latest code sent to one e-mail."""

    code_hash: str
    expires_at: datetime
    tries: int
    used: bool


def check_code(
    stored: StoredCode | None, typed: str, typed_hash: str, now: datetime, max_tries: int
) -> CodeCheck:
    """Judge a typed code against the stored one (the hash of `typed` is given)."""
    if stored is None:
        return CodeCheck.MISSING
    if stored.used:
        return CodeCheck.USED
    if stored.tries >= max_tries:
        return CodeCheck.BURNED
    if now >= stored.expires_at:
        return CodeCheck.EXPIRED
    if not (typed.isascii() and typed.isdigit() and len(typed) == CODE_DIGITS):
        return CodeCheck.WRONG
    if not hmac.compare_digest(stored.code_hash, typed_hash):
        return CodeCheck.WRONG
    return CodeCheck.OK


@dataclass(frozen=True)
class SendLimits:
    resend_seconds: int
    per_email_per_hour: int
    per_client_per_hour: int


def send_refusal(
    limits: SendLimits,
    now: datetime,
    last_to_email: datetime | None,
    sent_to_email_last_hour: int,
    sent_to_client_last_hour: int,
) -> tuple[str, int] | None:
    """Why another code may not be sent now, with seconds to wait; or None."""
    if last_to_email is not None:
        ready = last_to_email + timedelta(seconds=limits.resend_seconds)
        if now < ready:
            return "resend_too_soon", max(1, int((ready - now).total_seconds() + 0.999))
    if sent_to_email_last_hour >= limits.per_email_per_hour:
        return "too_many_codes_email", 3600
    if sent_to_client_last_hour >= limits.per_client_per_hour:
        return "too_many_codes_client", 3600
    return None
