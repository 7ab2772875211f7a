"""A citizen's request for a reception with an official (seed 002): the form's
fields and their rules, the request's statuses and what may follow what.

Topic, social status and privilege are chosen from fixed lists (their words are
gettext ids `reception.topic.<key>` …); the note is at most 400 characters and a
comment at most 1000 (the seed's "maksimum 400 / 1000 simvol").
"""

from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from server_sync.domain.accounts import check_address
from server_sync.domain.validation import FieldProblem, check_email, check_phone

TOPICS = (
    "entrepreneurship",
    "agriculture",
    "housing",
    "utilities",
    "social_protection",
    "land",
    "employment",
    "education_health",
    "other",
)
SOCIAL_STATUSES = (
    "public_sector",
    "private_sector",
    "entrepreneur",
    "unemployed",
    "student",
    "pensioner",
    "other",
)
#: "İmtiyaz (güzəşt) statusu": none, or a category the centre's dispatch puts first.
PRIVILEGES = ("none", "disabled", "veteran", "martyr_family", "large_family", "elderly")
NOTE_MAX = 400
COMMENT_MAX = 1000
WORKPLACE_MAX = 200


class RequestStatus(enum.StrEnum):
    SENT = "sent"  # göndərildi: waiting for the secretary
    ACCEPTED = "accepted"  # the secretary accepted it for the reception date
    MOVED = "moved"  # moved to another reception date (a kind of accepted)
    CLOSED = "closed"  # bağlanmış: done, or refused, with the secretary's comment


#: What the secretary may do from each status.
NEXT = {
    RequestStatus.SENT: frozenset(
        {RequestStatus.ACCEPTED, RequestStatus.MOVED, RequestStatus.CLOSED}
    ),
    RequestStatus.ACCEPTED: frozenset({RequestStatus.MOVED, RequestStatus.CLOSED}),
    RequestStatus.MOVED: frozenset(
        {RequestStatus.ACCEPTED, RequestStatus.MOVED, RequestStatus.CLOSED}
    ),
    RequestStatus.CLOSED: frozenset(),
}


def can_become(current: str, wanted: RequestStatus) -> bool:
    try:
        return wanted in NEXT[RequestStatus(current)]
    except ValueError:
        return False


class EventKind(enum.StrEnum):
    SENT = "sent"
    ACCEPTED = "accepted"
    MOVED = "moved"
    CLOSED = "closed"
    COMMENT = "comment"  # the citizen's "Müraciət ilə əlaqəli fikirləriniz"
    WITHDRAWN = "withdrawn"  # the citizen took the request back (closed, place freed)


@dataclass(frozen=True)
class RequestForm:
    """What the citizen types or picks; identity comes from the account."""

    official_id: str
    day: str
    topic: str
    social_status: str
    privilege: str
    email: str
    phone: str
    workplace: str
    same_address: bool
    current_address: str
    note: str


@dataclass(frozen=True)
class CheckedRequest:
    official_id: str
    day: date
    topic: str
    social_status: str
    privilege: str
    email: str
    phone: str
    workplace: str
    current_address: str | None  # None: the same as on the ID card
    note: str


def _choice(field: str, value: str, allowed: Sequence[str]) -> str:
    if not value:
        raise FieldProblem(field, "required")
    if value not in allowed:
        raise FieldProblem(field, "not_a_choice")
    return value


def _text(field: str, value: str, limit: int, required: bool = False) -> str:
    cleaned = value.strip()
    if required and not cleaned:
        raise FieldProblem(field, "required")
    if len(cleaned) > limit:
        raise FieldProblem(field, "too_long")
    return cleaned


def check_comment(value: str) -> str:
    return _text("comment", value, COMMENT_MAX, required=True)


def check_request(
    form: RequestForm, offered: Sequence[date], officials: Mapping[str, object]
) -> tuple[CheckedRequest | None, list[FieldProblem]]:
    """The request with its values normalised, or every field's problem."""
    problems: list[FieldProblem] = []
    values: dict[str, object] = {}

    def run(name: str, check: object) -> None:
        try:
            values[name] = check() if callable(check) else check
        except FieldProblem as problem:
            problems.append(problem)

    def official() -> str:
        if form.official_id not in officials:
            raise FieldProblem("official", "unknown_official")
        return form.official_id

    def day() -> date:
        if not form.day:
            raise FieldProblem("day", "required")
        try:
            chosen = date.fromisoformat(form.day)
        except ValueError:
            raise FieldProblem("day", "not_a_choice") from None
        if chosen not in offered:
            raise FieldProblem("day", "not_offered")
        return chosen

    def address() -> str | None:
        if form.same_address:
            return None
        return check_address(form.current_address, "current_address")

    run("official_id", official)
    run("day", day)
    run("topic", lambda: _choice("topic", form.topic, TOPICS))
    run("social_status", lambda: _choice("social_status", form.social_status, SOCIAL_STATUSES))
    run("privilege", lambda: _choice("privilege", form.privilege or "none", PRIVILEGES))
    run("email", lambda: check_email(form.email))
    run("phone", lambda: check_phone(form.phone))
    run("workplace", lambda: _text("workplace", form.workplace, WORKPLACE_MAX, required=True))
    run("current_address", address)
    run("note", lambda: _text("note", form.note, NOTE_MAX))
    if problems:
        return None, problems
    return CheckedRequest(**values), []  # type: ignore[arg-type]
