"""A centre's history as the forecast reads it: past tickets and bookings, and the
bookings already made for the day to forecast (times as local minutes of the day).

One indexed range read per table (`ix_tickets_queue` / `ix_bookings_centre_day` lead
with centre and day); rows become the forecast model's plain records.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from sqlalchemy import Connection, insert, select

from kiosk_app.domain.forecast_model import PastBooking, PastTicket
from kiosk_app.store.tables import bookings, tickets

_NOT_COUNTED = ("cancelled",)  # bookings withdrawn in time: nobody was expected


def _minutes(moment: datetime | None, day: date, zone: ZoneInfo) -> float | None:
    if moment is None:
        return None
    local = moment.astimezone(zone)
    midnight = datetime.combine(day, time(0), tzinfo=zone)
    return (local - midnight).total_seconds() / 60


def past_tickets(
    conn: Connection, centre_id: str, first: date, last: date, timezone: str
) -> Iterator[PastTicket]:
    """Every ticket of `centre_id` issued on a day in [first, last]."""
    zone = ZoneInfo(timezone)
    t = tickets.c
    rows = conn.execute(
        select(
            t.day,
            t.service_id,
            t.kind,
            t.status,
            t.issued_at,
            t.slot_at,
            t.called_at,
            t.served_at,
            t.finished_at,
            t.counter,
        )
        .where(t.centre_id == centre_id, t.day >= first, t.day <= last)
        .execution_options(yield_per=5000)
    )
    for r in rows:
        issued = _minutes(r.issued_at, r.day, zone)
        assert issued is not None
        yield PastTicket(
            day=r.day,
            service_id=r.service_id,
            kind=r.kind,
            status=r.status,
            issued=issued,
            slot=_minutes(r.slot_at, r.day, zone),
            called=_minutes(r.called_at, r.day, zone),
            served=_minutes(r.served_at, r.day, zone),
            finished=_minutes(r.finished_at, r.day, zone),
            counter=r.counter,
        )


def past_bookings(conn: Connection, centre_id: str, first: date, last: date) -> list[PastBooking]:
    """Bookings of days in [first, last] that were not cancelled: came or not."""
    b = bookings.c
    rows = conn.execute(
        select(b.slot_day, b.service_id, b.checked_in_at, b.status).where(
            b.centre_id == centre_id,
            b.slot_day >= first,
            b.slot_day <= last,
            b.status.not_in(_NOT_COUNTED),
        )
    )
    return [
        PastBooking(r.slot_day, r.service_id, r.checked_in_at is not None or r.status == "served")
        for r in rows
    ]


def bookings_of_day(conn: Connection, centre_id: str, day: date) -> list[tuple[str, float]]:
    """The bookings already made for `day` (service, slot minute), cancelled ones left out."""
    b = bookings.c
    rows = conn.execute(
        select(b.service_id, b.slot_time).where(
            b.centre_id == centre_id, b.slot_day == day, b.status.not_in(_NOT_COUNTED)
        )
    )
    return [(r.service_id, r.slot_time.hour * 60 + r.slot_time.minute) for r in rows]


def insert_history(
    conn: Connection,
    ticket_rows: Sequence[Mapping[str, object]],
    booking_rows: Sequence[Mapping[str, object]],
) -> None:
    """Bulk-write a simulated day (the back-test and the demo; no running totals:
    `day_stats_repo.rebuild` makes them when a screen needs them)."""
    if booking_rows:
        conn.execute(insert(bookings), list(booking_rows))
    if ticket_rows:
        conn.execute(insert(tickets), list(ticket_rows))


def days_with_tickets(conn: Connection, centre_id: str, first: date, last: date) -> set[date]:
    """The days in [first, last] that already have tickets (simulated history skips them)."""
    t = tickets.c
    rows = conn.execute(
        select(t.day).where(t.centre_id == centre_id, t.day >= first, t.day <= last).distinct()
    )
    return {r.day for r in rows}
