"""Field rules of the seed-003 booking form, as pure functions.

Each `check_*` returns the normalised value or raises `FieldProblem` with a
stable code; the HTTP layer and the web form turn codes into messages in the
visitor's language, next to the field.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MOBILE_PREFIXES = frozenset({"10", "50", "51", "55", "60", "70", "77", "99"})
_NAME = re.compile(r"^[^\W\d_]+(?:[-'’ ][^\W\d_]+)*$")
_ID_DOC = re.compile(r"^(?:AZE\d{8}|AA\d{7})$")
_EMAIL = re.compile(r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$")
NAME_MIN, NAME_MAX = 2, 40


@dataclass(frozen=True)
class FieldProblem(ValueError):
    """Why one form field was refused: `code` is stable, `field` names it."""

    field: str
    code: str

    def __str__(self) -> str:
        return f"{self.field}: {self.code}"


def check_name(field: str, value: str) -> str:
    """Letters (Azerbaijani included), with inner hyphens, apostrophes or spaces."""
    cleaned = " ".join(value.split())
    if not cleaned:
        raise FieldProblem(field, "required")
    if len(cleaned) < NAME_MIN:
        raise FieldProblem(field, "too_short")
    if len(cleaned) > NAME_MAX:
        raise FieldProblem(field, "too_long")
    if not _NAME.match(cleaned):
        raise FieldProblem(field, "letters_only")
    return cleaned


def check_id_document(value: str, field: str = "id_document") -> str:
    """ID card series and number: `AZE` + 8 digits or `AA` + 7 digits."""
    cleaned = re.sub(r"[\s-]", "", value).upper()
    if not cleaned:
        raise FieldProblem(field, "required")
    if not _ID_DOC.match(cleaned):
        raise FieldProblem(field, "id_document_format")
    return cleaned


def check_phone(value: str, field: str = "phone") -> str:
    """An Azerbaijani mobile number in any usual writing, as `+994XXXXXXXXX`."""
    if not value.strip():
        raise FieldProblem(field, "required")
    if re.search(r"[^\d\s()+-]", value):
        raise FieldProblem(field, "phone_format")
    digits = re.sub(r"\D", "", value)
    if digits.startswith("994") and len(digits) == 12:
        national = digits[3:]
    elif digits.startswith("0") and len(digits) == 10:
        national = digits[1:]
    elif len(digits) == 9:
        national = digits
    else:
        raise FieldProblem(field, "phone_format")
    if national[:2] not in MOBILE_PREFIXES:
        raise FieldProblem(field, "phone_not_mobile")
    return "+994" + national


def check_email(value: str, field: str = "email") -> str:
    cleaned = value.strip()
    if not cleaned:
        raise FieldProblem(field, "required")
    if len(cleaned) > 254 or not _EMAIL.match(cleaned):
        raise FieldProblem(field, "email_format")
    local, _, domain = cleaned.partition("@")
    return f"{local}@{domain.lower()}"
