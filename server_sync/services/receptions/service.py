"""Receptions with officials (seed 002): the next reception dates, the request,
the citizen's history with its search, comments, and the notice's facts.

A request is one transaction: take a place of the official's reception day
(conditional UPDATE of `slot_counters`: never more requests than the day's
capacity, whatever the race), insert the booking the kiosk will check in (into
the sync change feed, like any booking), the request, its first event and its
notices. The secretary's side is `office.ReceptionOffice`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, time, timedelta

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from server_sync.domain.reception_days import DateChoices, next_dates
from server_sync.domain.receptions import (
    EventKind,
    RequestForm,
    RequestStatus,
    can_become,
    check_comment,
    check_request,
)
from server_sync.domain.validation import FieldProblem
from server_sync.kernel.clock import Clock
from server_sync.kernel.order_codes import generate_order_code
from server_sync.services.accounts.profile import AccountService
from server_sync.services.catalogue_service import CatalogueService
from server_sync.services.errors import Refusal, refuse
from server_sync.services.receptions.closing import close_request
from server_sync.services.receptions.officials import Official, Officials
from server_sync.services.receptions.records import (
    RequestView,
    add_event,
    insert_booking,
    insert_request,
    load_many,
    load_request,
    local_day,
    request_id_of,
)
from server_sync.services.receptions.tell import Teller
from server_sync.store import booking_sql
from server_sync.store.reception_tables import reception_requests
from server_sync.store.tables import slot_counters

log = logging.getLogger("asanq.receptions")


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
                    booking_id = insert_booking(
                        conn, code, official, checked, start, profile, language, now
                    )
                    request_id = insert_request(
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
                    add_event(conn, request_id, EventKind.SENT, now, "citizen", checked.day)
                    view = load_request(conn, request_id)
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
            views = [v for v in views if query.day in (v.day, local_day(v.created_at))]
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
            view = load_request(conn, request_id) if row and row.citizen_id == citizen_id else None
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
            add_event(conn, view.id, EventKind.COMMENT, now, "citizen", None, comment)
            return load_request(conn, view.id)

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
            add_event(conn, view.id, EventKind.WITHDRAWN, now, "citizen", None, text)
            view = load_request(conn, view.id)
            self._teller.tell(conn, "withdrawn", view, official, text, now)
        self._on_queued()
        return view
