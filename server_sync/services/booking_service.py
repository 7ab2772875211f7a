"""Making, looking up and cancelling bookings (onlayn növbə).

`book` is one transaction: use the confirmation code, take a place of the
slot (conditional UPDATE, see `repositories.reserve_place`), insert the
booking into the sync change feed and queue the order e-mail. Either all
of it happens or none; mail is sent later by the outbox sender, so a slow or
broken mail server never delays or fails a booking.

The engine reserves places in a *resource* (`domain.slots`) and keeps the
per-service intake answers in `extra` (`domain.intake`), so appointments with
officials (seed 002) and agency-specific fields (seeds 000/001) plug in here
without changing the tables or the reservation.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Protocol

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from server_sync.config import BookingSettings
from server_sync.domain.booking_form import (
    BookingForm,
    CheckedForm,
    check_form,
    parse_day,
    parse_time,
)
from server_sync.domain.booking_limits import overlaps
from server_sync.domain.confirmation import keyed_hash, normalise_email_key
from server_sync.domain.intake import IntakeForm, NoExtraFields
from server_sync.domain.slots import find_slot, service_resource_key
from server_sync.kernel.booking import BookingStatus
from server_sync.kernel.clock import Clock
from server_sync.kernel.order_codes import OrderCodeError, generate_order_code, parse_order_code
from server_sync.services.booking_sms import BookingSms
from server_sync.services.catalogue_service import CatalogueService
from server_sync.services.code_service import CodeService
from server_sync.services.errors import Refusal, refuse
from server_sync.services.slot_service import SlotService
from server_sync.store import booking_sql, change_feed
from server_sync.store import repositories as repo

log = logging.getLogger("asanq.server")


class ApplicationLinks(Protocol):
    """Whether a booking may be made for an agency application (issue 17)."""

    def booking_link(
        self, number: str, service_id: str, email: str, citizen_id: int | None
    ) -> tuple[str, str | None]:
        """The application's number as stored, and the refusal code when it may not."""
        ...


@dataclass(frozen=True)
class BookingView:
    """What the citizen may see of a booking (given its code and e-mail)."""

    id: int
    order_code: str
    status: str
    centre_id: str
    service_id: str
    day: date
    start: str
    language: str
    first_name: str
    last_name: str
    email: str
    id_document: str = ""  # not shown: counts the document's bookings of the day


class BookingService:
    def __init__(
        self,
        engine: Engine,
        catalogue: CatalogueService,
        slots: SlotService,
        codes: CodeService,
        booking: BookingSettings,
        secret: str,
        clock: Clock,
        on_mail_queued: Callable[[], None] = lambda: None,
        intake: IntakeForm | None = None,
        sms: BookingSms | None = None,
        applications: ApplicationLinks | None = None,
    ) -> None:
        self._engine = engine
        self._catalogue = catalogue
        self._slots = slots
        self._codes = codes
        self._booking = booking
        self._secret = secret
        self._clock = clock
        self._on_mail_queued = on_mail_queued
        self._intake = intake or NoExtraFields()
        self._sms = sms
        self._applications = applications

    def book(self, form: BookingForm, language: str, citizen_id: int | None = None) -> BookingView:
        """Accept the form or raise `Refusal` (422 reasons, 409 full, 429 burned code).

        `citizen_id` links the booking to a signed-in citizen's account, in the same
        transaction ("Mənim müraciətlərim")."""
        view = self._catalogue.current()
        checked, problems = check_form(
            form,
            view.catalogue,
            self._slots.today(),
            self._booking.min_days_ahead,
            self._booking.horizon_days,
            self._slots.offers,
            self._intake,
        )
        if checked is None:
            raise Refusal(422, problems)
        extra = {**checked.extra, **self._application_of(form, checked, citizen_id)}
        applicant = checked.applicant
        start = checked.start.strftime("%H:%M")
        resource = service_resource_key(checked.centre.id, checked.service.id)
        dedupe = None
        if self._booking.one_per_document_per_service_per_day:
            dedupe = keyed_hash(
                self._secret,
                "dedupe",
                applicant.id_document,
                checked.service.id,
                checked.day.isoformat(),
            )
        wrong = False
        for _attempt in range(3):
            now = self._clock.now()
            order_code = generate_order_code()
            try:
                with self._engine.begin() as conn:
                    values = {
                        "order_code": order_code,
                        "resource": resource,
                        "centre_id": checked.centre.id,
                        "service_id": checked.service.id,
                        "day": checked.day,
                        "start": start,
                        "status": BookingStatus.BOOKED.value,
                        "language": language,
                        "first_name": applicant.first_name,
                        "last_name": applicant.last_name,
                        "father_name": applicant.father_name,
                        "id_document": applicant.id_document,
                        "phone": applicant.phone,
                        "email": applicant.email,
                        "extra": json.dumps(extra),
                        "dedupe_key": dedupe,
                        "created_at": now,
                        "updated_at": now,
                    }
                    outcome, booking_id = booking_sql.book(
                        conn,
                        self._codes.use_of(applicant.email, checked.confirmation_code),
                        booking_sql.Place(resource, checked.day, start, checked.offer.capacity),
                        values,
                        "booking_confirmed",
                        json.dumps({"order_code": order_code}),
                    )
                    if outcome is booking_sql.Outcome.CODE_WRONG:
                        wrong = True  # the try stays counted: this transaction commits
                        break
                    if outcome is booking_sql.Outcome.CODE_REFUSED:
                        raise self._codes.refusal(conn, applicant.email, checked.confirmation_code)
                    if outcome is booking_sql.Outcome.DUPLICATE:  # one per ID card, service, day
                        raise refuse(422, "id_document", "already_booked")
                    if outcome is booking_sql.Outcome.FULL or booking_id is None:
                        raise refuse(409, "time", "slot_full")
                    self._hold_document_day(conn, checked, booking_id)
                    if citizen_id is not None:
                        repo.link_citizen(conn, booking_id, citizen_id)
                    if self._sms is not None:
                        self._sms.queue(conn, "booking_confirmed", booking_id, now, values)
            except sa.exc.IntegrityError as exc:
                if booking_sql.is_order_code_clash(exc):
                    continue  # an order code collision: draw another
                raise
            self._on_mail_queued()
            log.info(
                "booking %s accepted for %s %s %s",
                order_code[-4:],
                checked.centre.id,
                checked.day,
                start,
            )
            return _view(booking_id, values)
        if wrong:
            raise refuse(422, "confirmation_code", "code_wrong")
        raise RuntimeError("could not draw a free order code")  # pragma: no cover

    def _application_of(
        self, form: BookingForm, checked: CheckedForm, citizen_id: int | None
    ) -> dict[str, str]:
        """`{"application": number}` for a visit booked for the booker's open application
        of this service; a refusal on the `application` field otherwise."""
        if not form.application.strip():
            return {}
        if self._applications is None:
            raise refuse(422, "application", "application_unknown")
        number, problem = self._applications.booking_link(
            form.application, checked.service.id, checked.applicant.email, citizen_id
        )
        if problem is not None:
            raise refuse(422, "application", problem)
        return {"application": number}

    def _document_key(self, id_document: str) -> str:
        return keyed_hash(self._secret, "document", id_document)

    def _hold_document_day(
        self, conn: sa.Connection, checked: CheckedForm, booking_id: int
    ) -> None:
        """Count the booking against its ID document's day (refused over the cap) and
        refuse it when it overlaps another of the document's bookings that day. Runs
        after the booking's insert, under `document_days`' row lock, so parallel
        bookings of one document take turns and each sees the others' commits."""
        document, day = checked.applicant.id_document, checked.day
        per_day = self._booking.bookings_per_document_per_day
        held = booking_sql.take_document_day(conn, self._document_key(document), day, per_day)
        if held is None:
            raise refuse(422, "id_document", "too_many_bookings_day")
        if held == 1 or not self._booking.refuse_overlapping_bookings:
            return
        active = [s.value for s in BookingStatus if s.is_active]
        others = booking_sql.held_on_day(conn, document, day, active, booking_id)
        slots = [self._slot_of(centre, service, day, start) for centre, service, start in others]
        if overlaps(checked.offer.start, checked.offer.end, [s for s in slots if s]):
            raise refuse(422, "time", "overlapping_booking")

    def _slot_of(
        self, centre_id: str, service_id: str, day: date, start: str
    ) -> tuple[time, time] | None:
        catalogue = self._catalogue.current().catalogue
        centre, service = catalogue.centres.get(centre_id), catalogue.services.get(service_id)
        begins = parse_time(start)
        if begins is None:
            return None
        offer = (
            find_slot(self._slots.offers(centre, service, day), begins)
            if centre and service
            else None
        )
        if offer is not None:
            return offer.start, offer.end
        ends = datetime.combine(day, begins) + timedelta(minutes=self._booking.slot_minutes)
        return begins, ends.time() if ends.date() == day else time.max

    def lookup(self, order_code: str, email: str) -> BookingView:
        """The booking with this code made with this e-mail, or a 404/422 refusal."""
        code = _parse_code(order_code)
        with self._engine.connect() as conn:
            row = repo.find_booking(conn, code)
            conn.commit()
        if (
            row is None
            or row.email is None
            or (normalise_email_key(row.email) != normalise_email_key(email))
        ):
            raise refuse(404, "order_code", "not_found")
        return _view(row.id, row._asdict())

    def cancel(self, order_code: str, email: str) -> BookingView:
        """Cancel; the place is free again at once. 409 if no longer cancellable."""
        found = self.lookup(order_code, email)
        now = self._clock.now()
        with self._engine.begin() as conn:
            changed = repo.update_booking(
                conn,
                found.id,
                BookingStatus.cancellable(),
                {
                    "status": BookingStatus.CANCELLED.value,
                    "cancelled_at": now,
                    "updated_at": now,
                    "dedupe_key": None,
                },
            )
            if not changed:
                raise refuse(409, "order_code", "not_cancellable")
            repo.release_place(
                conn,
                service_resource_key(found.centre_id, found.service_id),
                found.day,
                found.start,
            )
            if found.id_document:
                booking_sql.release_document_day(
                    conn, self._document_key(found.id_document), found.day
                )
            change_feed.mark_changed(conn, [found.id])
            repo.enqueue_mail(
                conn,
                "booking_cancelled",
                found.email,
                found.language,
                {"order_code": found.order_code},
                now,
                found.id,
            )
            if self._sms is not None:
                self._sms.queue(conn, "booking_cancelled", found.id, now)
        self._on_mail_queued()
        return _replace_status(found, BookingStatus.CANCELLED.value)


def _parse_code(text: str) -> str:
    try:
        return parse_order_code(text)
    except OrderCodeError:
        raise refuse(422, "order_code", "order_code_format") from None


def _view(booking_id: int, values: dict[str, object]) -> BookingView:
    day = values["day"]
    if not isinstance(day, date):
        day = parse_day(str(day)) or date.min
    return BookingView(
        booking_id,
        str(values["order_code"]),
        str(values["status"]),
        str(values["centre_id"]),
        str(values["service_id"]),
        day,
        str(values["start"]),
        str(values["language"]),
        str(values.get("first_name") or ""),
        str(values.get("last_name") or ""),
        str(values.get("email") or ""),
        str(values.get("id_document") or ""),
    )


def _replace_status(view: BookingView, status: str) -> BookingView:
    from dataclasses import replace

    return replace(view, status=status)


def booking_datetime(view: BookingView) -> datetime:
    hours, minutes = (int(x) for x in view.start.split(":"))
    return datetime(view.day.year, view.day.month, view.day.day, hours, minutes)
