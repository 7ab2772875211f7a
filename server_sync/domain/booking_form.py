"""Checking a whole seed-003 booking form at once (pure).

Every field is checked and every problem is reported, each with its own
reason code, so the citizen sees the full "panel of reasons" in one go rather
than one complaint per submission. Only the rules that need the store (free
places, one booking per ID card, the confirmation code's state) are left to
the booking service.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, time
from functools import partial

from server_sync.domain.intake import IntakeForm, NoExtraFields
from server_sync.domain.slots import SlotOffer, date_problem, find_slot
from server_sync.domain.validation import (
    FieldProblem,
    check_email,
    check_id_document,
    check_name,
    check_phone,
)
from server_sync.kernel.booking import Applicant
from server_sync.kernel.catalogue import Catalogue, Centre, Service

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_TIME = re.compile(r"^\d{1,2}:\d{2}$")

NAME_FIELDS = ("first_name", "last_name", "father_name")


@dataclass(frozen=True)
class BookingForm:
    """The form as typed (strings), before any checking."""

    first_name: str = ""
    last_name: str = ""
    father_name: str = ""
    id_document: str = ""
    phone: str = ""
    email: str = ""
    centre: str = ""
    service: str = ""
    date: str = ""
    time: str = ""
    confirmation_code: str = ""
    extra: Mapping[str, object] = field(default_factory=dict)
    #: An agency application's number this visit is for (issue 17), or "".
    application: str = ""


@dataclass(frozen=True)
class CheckedForm:
    applicant: Applicant
    centre: Centre
    service: Service
    day: date
    start: time
    offer: SlotOffer
    confirmation_code: str
    extra: dict[str, str]


SlotsFor = Callable[[Centre, Service, date], list[SlotOffer]]


def parse_day(text: str) -> date | None:
    if not _DATE.match(text.strip()):
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        return None


def parse_time(text: str) -> time | None:
    cleaned = text.strip()
    if not _TIME.match(cleaned):
        return None
    hours, minutes = (int(x) for x in cleaned.split(":"))
    if hours > 23 or minutes > 59:
        return None
    return time(hours, minutes)


def check_form(
    form: BookingForm,
    catalogue: Catalogue,
    today: date,
    min_days_ahead: int,
    horizon_days: int,
    slots_for: SlotsFor,
    intake: IntakeForm | None = None,
) -> tuple[CheckedForm | None, list[FieldProblem]]:
    """The checked form, or None and the list of every problem found."""
    problems: list[FieldProblem] = []

    def run(check: Callable[[], str]) -> str:
        try:
            return check()
        except FieldProblem as problem:
            problems.append(problem)
            return ""

    names = {f: run(partial(check_name, f, getattr(form, f))) for f in NAME_FIELDS}
    id_document = run(lambda: check_id_document(form.id_document))
    phone = run(lambda: check_phone(form.phone))
    email = run(lambda: check_email(form.email))
    code = form.confirmation_code.strip()
    if not code:
        problems.append(FieldProblem("confirmation_code", "required"))

    service = catalogue.services.get(form.service.strip())
    centre = catalogue.centres.get(form.centre.strip())
    if not form.service.strip():
        problems.append(FieldProblem("service", "required"))
    elif service is None:
        problems.append(FieldProblem("service", "unknown_service"))
    elif not service.bookable_online:
        problems.append(FieldProblem("service", "service_not_online"))
    if not form.centre.strip():
        problems.append(FieldProblem("centre", "required"))
    elif centre is None:
        problems.append(FieldProblem("centre", "unknown_centre"))
    elif service is not None and service.id not in centre.service_ids:
        problems.append(FieldProblem("centre", "service_not_offered"))

    day = parse_day(form.date)
    if not form.date.strip():
        problems.append(FieldProblem("date", "required"))
    elif day is None:
        problems.append(FieldProblem("date", "date_format"))
    else:
        reason = date_problem(today, day, min_days_ahead, horizon_days)
        if reason:
            problems.append(FieldProblem("date", reason))
    start = parse_time(form.time)
    if not form.time.strip():
        problems.append(FieldProblem("time", "required"))
    elif start is None:
        problems.append(FieldProblem("time", "time_format"))

    offer: SlotOffer | None = None
    date_ok = not any(p.field in {"date", "service", "centre"} for p in problems)
    if date_ok and centre and service and day and start:
        offers = slots_for(centre, service, day)
        if not offers:
            problems.append(FieldProblem("date", "centre_closed"))
        else:
            offer = find_slot(offers, start)
            if offer is None or offer.capacity <= 0:
                problems.append(FieldProblem("time", "time_not_offered"))

    extra, extra_problems = (intake or NoExtraFields()).check(form.service, form.extra)
    problems.extend(extra_problems)
    if problems or not (centre and service and day and start and offer):
        return None, problems
    applicant = Applicant(
        names["first_name"], names["last_name"], names["father_name"], id_document, phone, email
    )
    return CheckedForm(applicant, centre, service, day, start, offer, code, extra), []
