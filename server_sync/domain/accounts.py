"""Rules of a citizen account (seed 004), as pure functions.

Each `check_*` returns the normalised value or raises `FieldProblem` with a stable
reason code (its words are in the catalogue, `account.error.*`). The identity proofs
("at least three of the four numbers") are in `domain.identity_proofs`.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from server_sync.domain.validation import FieldProblem
from server_sync.kernel.text import az_lower

LOGIN_MIN, LOGIN_MAX = 4, 32
PASSWORD_MIN, PASSWORD_MAX = 8, 128
ANSWER_MIN, ANSWER_MAX = 2, 100
ADDRESS_MIN, ADDRESS_MAX = 5, 200
OLDEST_YEARS = 130
_LOGIN = re.compile(r"^[A-Za-z][A-Za-z0-9._-]*$")
_FIN = re.compile(r"^[0-9A-Z]{7}$")
_DOTTED_DATE = re.compile(r"^(\d{1,2})[./-](\d{1,2})[./-](\d{4})$")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

#: The secret questions a citizen picks from (seed 004, "Gizli sual"); catalogue keys
#: `account.question.<id>`.
SECRET_QUESTIONS = ("mother_maiden_name", "first_school", "childhood_friend", "favourite_book")
ACTIVATION_CHANNELS = ("email", "sms")


def login_key(login: str) -> str:
    """The form of a login that must be unique: trimmed, lower case (logins are ASCII)."""
    return login.strip().lower()


def check_login(value: str, field: str = "login") -> str:
    """4-32 Latin letters, digits, `.`, `_` or `-`, starting with a letter."""
    cleaned = value.strip()
    if not cleaned:
        raise FieldProblem(field, "required")
    if len(cleaned) < LOGIN_MIN:
        raise FieldProblem(field, "login_too_short")
    if len(cleaned) > LOGIN_MAX:
        raise FieldProblem(field, "login_too_long")
    if not _LOGIN.match(cleaned):
        raise FieldProblem(field, "login_format")
    return cleaned


def check_password(value: str, login: str = "", field: str = "password") -> str:
    """At least 8 characters with letters and digits both (seed 004, rule 5)."""
    if not value:
        raise FieldProblem(field, "required")
    if len(value) < PASSWORD_MIN:
        raise FieldProblem(field, "password_too_short")
    if len(value) > PASSWORD_MAX:
        raise FieldProblem(field, "too_long")
    has_letter = any(ch.isalpha() for ch in value)
    has_digit = any(ch.isdigit() for ch in value)
    if not (has_letter and has_digit):
        raise FieldProblem(field, "password_letters_digits")
    if login and value.strip().lower() == login_key(login):
        raise FieldProblem(field, "password_is_login")
    return value


def check_password_repeat(password: str, repeat: str, field: str = "password_repeat") -> None:
    if password and repeat != password:
        raise FieldProblem(field, "password_mismatch")


def check_fin(value: str, field: str = "fin") -> str:
    """The personal ID number (FİN, the card's PIN): 7 digits and Latin letters."""
    cleaned = re.sub(r"\s", "", value).upper()
    if not cleaned:
        raise FieldProblem(field, "required")
    if not _FIN.match(cleaned):
        raise FieldProblem(field, "fin_format")
    return cleaned


def parse_birth_date(text: str) -> date | None:
    """`1990-05-17` or the usual `17.05.1990` (also with `/` or `-`)."""
    cleaned = text.strip()
    try:
        if _ISO_DATE.match(cleaned):
            return date.fromisoformat(cleaned)
        m = _DOTTED_DATE.match(cleaned)
        if m:
            return date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
    except ValueError:
        return None
    return None


def check_birth_date(value: str, today: date, field: str = "birth_date") -> date:
    if not value.strip():
        raise FieldProblem(field, "required")
    day = parse_birth_date(value)
    if day is None:
        raise FieldProblem(field, "birth_date_format")
    if day >= today:
        raise FieldProblem(field, "birth_date_future")
    if day.year < today.year - OLDEST_YEARS:
        raise FieldProblem(field, "birth_date_implausible")
    return day


def check_address(value: str, field: str = "address") -> str:
    cleaned = " ".join(value.split())
    if not cleaned:
        raise FieldProblem(field, "required")
    if len(cleaned) < ADDRESS_MIN:
        raise FieldProblem(field, "too_short")
    if len(cleaned) > ADDRESS_MAX:
        raise FieldProblem(field, "too_long")
    return cleaned


def check_secret_question(value: str, field: str = "secret_question") -> str:
    if not value.strip():
        raise FieldProblem(field, "required")
    if value.strip() not in SECRET_QUESTIONS:
        raise FieldProblem(field, "secret_question_unknown")
    return value.strip()


def normalise_answer(text: str) -> str:
    """The secret answer as compared: NFC, Azerbaijani lower case (`İ`→`i`, `I`→`ı`),
    single spaces; so `BAKI` and `bakı` are the same answer."""
    return " ".join(az_lower(unicodedata.normalize("NFC", text)).split())


def check_secret_answer(value: str, field: str = "secret_answer") -> str:
    answer = normalise_answer(value)
    if not answer:
        raise FieldProblem(field, "required")
    if len(answer) < ANSWER_MIN:
        raise FieldProblem(field, "too_short")
    if len(answer) > ANSWER_MAX:
        raise FieldProblem(field, "too_long")
    return answer


def email_domain_allowed(email: str, allowed: tuple[str, ...] | list[str]) -> bool:
    """True when `allowed` is empty or the address's domain is one of them or under one
    (`gov.az` allows `asan.gov.az`): the seed's portal takes only `gov.az` addresses."""
    if not allowed:
        return True
    domain = email.rpartition("@")[2].strip().lower()
    return any(domain == d.lower() or domain.endswith("." + d.lower()) for d in allowed)


def check_channel(value: str, field: str = "channel") -> str:
    if value not in ACTIVATION_CHANNELS:
        raise FieldProblem(field, "channel_unknown")
    return value
