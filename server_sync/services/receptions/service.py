"""Receptions with officials (seed 002): the next reception dates, the request,
the citizen's history with its search, comments, and the notice's facts.

A request is one transaction: take a place of the official's reception day
(conditional UPDATE of `slot_counters`: never more requests than the day's
capacity, whatever the race), insert the booking the kiosk will check in (into
the sync change feed, like any booking), the request, its first event and its
notices. The secretary's side is `office.ReceptionOffice`.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from server_sync.domain.reception_days import DateChoices, next_dates
from server_sync.domain.receptions import (
    CheckedRequest,
    EventKind,
    RequestForm,
    RequestStatus,
    can_become,
    check_comment,
    check_request,
)
from server_sync.domain.validation import FieldProblem
from server_sync.kernel.booking import BookingStatus
from server_sync.kernel.clock import Clock
from server_sync.kernel.order_codes import generate_order_code
from server_sync.services.accounts.profile import AccountService, CitizenProfile
from server_sync.services.catalogue_service import CatalogueService
from server_sync.services.errors import Refusal, refuse
from server_sync.services.receptions.closing import close_request
from server_sync.services.receptions.officials import Official, Officials
from server_sync.services.receptions.tell import Teller
from server_sync.store import booking_sql
from server_sync.store.change_feed import take_numbers
from server_sync.store.reception_tables import reception_events, reception_requests
from server_sync.store.tables import bookings, slot_counters

log = logging.getLogger("asanq.receptions")

NUMBER_BASE = 100_000_000  # the seed's request numbers look like 100000061


def request_number(request_id: int) -> str:
    return str(NUMBER_BASE + request_id)


def request_id_of(number: str) -> int | None:
    digits = number.strip()
    if not digits.isdigit() or len(digits) > 12:
        return None
    value = int(digits) - NUMBER_BASE
    return value if value > 0 else None


@dataclass(frozen=True)
class Event:
    kind: str
    at: datetime
    actor: str
    day: date | None
    comment: str


@dataclass(frozen=True)
class RequestView:
    id: int
    number: str
    official_id: str
    citizen_id: int | None
    day: date
    start: str
    status: str
    language: str
    topic: str
    social_status: str
    privilege: str
    email: str
    phone: str
    workplace: str
    current_address: str | None
    note: str
    first_name: str
    last_name: str
    father_name: str
    birth_date: date | None
    id_document: str
    registered_address: str
    created_at: datetime
    order_code: str
    booking_status: str
    events: list[Event] = field(default_factory=list)

    @property
    def full_name(self) -> str:
        return f"{self.last_name} {self.first_name} {self.father_name}".strip()


@dataclass(frozen=True)
class HistoryQuery:
    day: date | None = None  # the request's date or its reception date
    official_id: str | None = None
    status: str | None = None


class ReceptionService:
    def __init__(
        self,
        engine: Engine,
        officials: Officials,
        catalogue: CatalogueService,
        accounts: AccountService,
        teller: Teller,
        clock: Clock,
        on_queued: Callable[[], None] = lambda: None,
    ) -> None:
        self._engine = engine
        self.officials = officials
        self._catalogue = catalogue
        self._accounts = accounts
        self._teller = teller
        self._clock = clock
        self._on_queued = on_queued

    # --- reception dates ---------------------------------------------------------

    def opening(self, official: Official) -> Callable[[date], tuple[time, time] | None]:
        centre = self._catalogue.current().catalogue.centres.get(official.centre_id)

        def opening_on(day: date) -> tuple[time, time] | None:
            if centre is None:
                return None
            intervals = centre.hours.intervals_on(day)
            return (intervals[0][0], intervals[-1][1]) if intervals else None

        return opening_on

    def hours_on(self, official: Official, day: date) -> tuple[time, time] | None:
        return official.rule.hours_on(self.opening(official)(day))

    def dates(self, official: Official, count: int = 4, exclude: date | None = None) -> DateChoices:
        """The next `count` reception dates with a free place, from tomorrow on (the
        day's requests reach the centre with its bookings by the morning)."""
        first = self._clock.now().date() + timedelta(days=1)
        with self._engine.connect() as conn:
            rows = conn.execute(
                sa.select(slot_counters.c.day, slot_counters.c.taken).where(
                    (slot_counters.c.resource == official.resource) & (slot_counters.c.day >= first)
                )
            ).all()
            conn.commit()
        taken = {r.day: int(r.taken) for r in rows}
        if exclude is not None:
            taken[exclude] = official.capacity  # not a date to move to
        return next_dates(
            official.rule, first, self.opening(official), taken, official.capacity, count
        )

    # --- the request ---------------------------------------------------------------

    def submit(self, citizen_id: int, form: RequestForm, language: str) -> RequestView:
        """Accept the request or raise `Refusal` (422 per field, 409 the day is full)."""
        officials = self.officials.by_id()
        official = officials.get(form.official_id)
        offered = self.dates(official).offered if official else []
        checked, problems = check_request(form, offered, officials)
        if checked is None or official is None:
            raise Refusal(422, problems)
        profile = self._accounts.profile(citizen_id)
        hours = self.hours_on(official, checked.day)
        if hours is None:  # pragma: no cover - offered dates have hours
            raise refuse(422, "day", "not_offered")
        start = hours[0].strftime("%H:%M")
        for _attempt in range(3):
            now = self._clock.now()
            code = generate_order_code()
            try:
                with self._engine.begin() as conn:
                    if not booking_sql.take_place(
                        conn, official.resource, checked.day, start, official.capacity
                    ):
                        raise refuse(409, "day", "reception_day_full")
                    booking_id = _insert_booking(
                        conn, code, official, checked, start, profile, language, now
                    )
                    request_id = _insert_request(
                        conn,
                        citizen_id,
                        official,
                        checked,
                        start,
                        profile,
                        booking_id,
                        language,
                        now,
                    )
                    _event(conn, request_id, EventKind.SENT, now, "citizen", checked.day)
                    view = _load(conn, request_id)
                    self._teller.tell(conn, "sent", view, official, "", now)
            except sa.exc.IntegrityError as exc:
                if booking_sql.is_order_code_clash(exc):
                    continue
                raise
            self._on_queued()
            log.info("reception request %s for %s on %s", view.number, official.id, checked.day)
            return view
        raise RuntimeError("could not draw a free order code")  # pragma: no cover

    # --- the citizen's history -------------------------------------------------------

    def history(self, citizen_id: int, query: HistoryQuery | None = None) -> list[RequestView]:
        query = query or HistoryQuery()
        r = reception_requests.c
        where = r.citizen_id == citizen_id
        if query.official_id:
            where = where & (r.official_id == query.official_id)
        if query.status:
            wanted = [query.status] if query.status != "open" else ["sent", "accepted", "moved"]
            where = where & r.status.in_(wanted)
        with self._engine.connect() as conn:
            views = load_many(conn, where)
            conn.commit()
        if query.day is not None:
            views = [v for v in views if query.day in (v.day, _local_day(v.created_at))]
        return views

    def own(self, citizen_id: int, number: str) -> RequestView | None:
        request_id = request_id_of(number)
        if request_id is None:
            return None
        with self._engine.connect() as conn:
            row = conn.execute(
                sa.select(reception_requests.c.citizen_id).where(
                    reception_requests.c.id == request_id
                )
            ).first()
            view = _load(conn, request_id) if row and row.citizen_id == citizen_id else None
            conn.commit()
        return view

    def comment(self, citizen_id: int, number: str, text: str) -> RequestView:
        view = self.own(citizen_id, number)
        if view is None:
            raise refuse(404, "number", "not_found")
        try:
            comment = check_comment(text)
        except FieldProblem as problem:
            raise Refusal(422, [problem]) from None
        now = self._clock.now()
        with self._engine.begin() as conn:
            _event(conn, view.id, EventKind.COMMENT, now, "citizen", None, comment)
            return _load(conn, view.id)

    def withdraw(self, citizen_id: int, number: str, reason: str = "") -> RequestView:
        """The citizen takes an open request back (geri götürür), with an optional
        reason: it is closed, its reception place is free for others, and the
        official's office sees who closed it and why in its history."""
        view = self.own(citizen_id, number)
        if view is None:
            raise refuse(404, "number", "not_found")
        text = ""
        if reason.strip():
            try:
                text = check_comment(reason)
            except FieldProblem as problem:
                raise Refusal(422, [FieldProblem("reason", problem.code)]) from None
        official = self.officials.get(view.official_id)
        if official is None or not can_become(view.status, RequestStatus.CLOSED):
            raise refuse(409, "status", "not_possible")
        now = self._clock.now()
        place = (official.resource, view.day, view.start)
        with self._engine.begin() as conn:
            if not close_request(conn, view.id, view.status, view.order_code, place, now):
                raise refuse(409, "status", "not_possible")
            _event(conn, view.id, EventKind.WITHDRAWN, now, "citizen", None, text)
            return _load(conn, view.id)


# --- statements ------------------------------------------------------------------------


def _local_day(moment: datetime) -> date:
    from server_sync.kernel.clock import BAKU

    return moment.astimezone(BAKU).date()


def _insert_booking(
    conn: sa.Connection,
    code: str,
    official: Official,
    checked: CheckedRequest,
    start: str,
    profile: CitizenProfile,
    language: str,
    now: datetime,
) -> int:
    (change_seq,) = take_numbers(conn, 1)
    extra = {"reception": official.id, "privilege": checked.privilege}
    return int(
        conn.execute(
            bookings.insert()
            .values(
                order_code=code,
                resource=official.resource,
                centre_id=official.centre_id,
                service_id=official.service_id,
                day=checked.day,
                start=start,
                status=BookingStatus.BOOKED.value,
                language=language,
                first_name=profile.first_name,
                last_name=profile.last_name,
                father_name=profile.father_name,
                id_document=profile.id_document,
                phone=checked.phone,
                email=checked.email,
                extra=json.dumps(extra),
                created_at=now,
                updated_at=now,
                change_seq=change_seq,
                # not `citizen_id`: the request, not its booking, is the citizen's item
            )
            .returning(bookings.c.id)
        ).scalar_one()
    )


def _insert_request(
    conn: sa.Connection,
    citizen_id: int,
    official: Official,
    checked: CheckedRequest,
    start: str,
    profile: CitizenProfile,
    booking_id: int,
    language: str,
    now: datetime,
) -> int:
    return int(
        conn.execute(
            reception_requests.insert()
            .values(
                citizen_id=citizen_id,
                official_id=official.id,
                booking_id=booking_id,
                day=checked.day,
                start=start,
                status=RequestStatus.SENT.value,
                language=language,
                topic=checked.topic,
                social_status=checked.social_status,
                privilege=checked.privilege,
                email=checked.email,
                phone=checked.phone,
                workplace=checked.workplace,
                current_address=checked.current_address,
                note=checked.note,
                first_name=profile.first_name,
                last_name=profile.last_name,
                father_name=profile.father_name,
                birth_date=profile.birth_date,
                id_document=profile.id_document,
                registered_address=profile.address,
                created_at=now,
                updated_at=now,
            )
            .returning(reception_requests.c.id)
        ).scalar_one()
    )


def _event(
    conn: sa.Connection,
    request_id: int,
    kind: EventKind,
    at: datetime,
    actor: str,
    day: date | None,
    comment: str = "",
) -> None:
    conn.execute(
        reception_events.insert().values(
            request_id=request_id, kind=kind.value, at=at, actor=actor, day=day, comment=comment
        )
    )


def _select() -> sa.Select[Any]:
    r, b = reception_requests, bookings
    return sa.select(r, b.c.order_code, b.c.status.label("booking_status")).join(
        b, b.c.id == r.c.booking_id
    )


def load_many(conn: sa.Connection, where: sa.ColumnElement[bool]) -> list[RequestView]:
    """The requests matching `where`, newest first, without their events (one query)."""
    rows = conn.execute(_select().where(where).order_by(reception_requests.c.id.desc()))
    return [_view(row, []) for row in rows]


def _load(conn: sa.Connection, request_id: int, events: bool = True) -> RequestView:
    row = conn.execute(_select().where(reception_requests.c.id == request_id)).one()
    found: list[Event] = []
    if events:
        e = reception_events.c
        found = [
            Event(x.kind, x.at, x.actor, x.day, x.comment)
            for x in conn.execute(
                sa.select(reception_events).where(e.request_id == request_id).order_by(e.id)
            )
        ]
    return _view(row, found)


def _view(row: Any, found: list[Event]) -> RequestView:
    return RequestView(
        row.id,
        request_number(row.id),
        row.official_id,
        row.citizen_id,
        row.day,
        row.start,
        row.status,
        row.language,
        row.topic,
        row.social_status,
        row.privilege,
        row.email,
        row.phone,
        row.workplace,
        row.current_address,
        row.note,
        row.first_name,
        row.last_name,
        row.father_name,
        row.birth_date,
        row.id_document,
        row.registered_address,
        row.created_at,
        row.order_code,
        row.booking_status,
        found,
    )


load_request = _load
add_event = _event
