"""Bookings in the centre store: synced from the central service, checked in here."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from functools import cache
from typing import Any

from sqlalchemy import Connection, Row, bindparam, case, func, or_, select, update

from kiosk_app.store.dialects import sqlite_dialect, upsert
from kiosk_app.store.fast_sql import RawStatement
from kiosk_app.store.tables import bookings
from server_sync.kernel.booking import Applicant, Booking, BookingStatus, Slot


def booking_from_row(row: Row[Any]) -> Booking:
    return Booking(
        order_code=row.order_code,
        slot=Slot(row.centre_id, row.service_id, row.slot_day, row.slot_time),
        applicant=Applicant(
            row.first_name, row.last_name, row.father_name, row.id_document, row.phone, row.email
        ),
        status=BookingStatus(row.status),
        created_at=row.created_at,
        language=row.language,
        checked_in_at=row.checked_in_at,
        priority=bool(row.priority),
        application_number=row.application_number or "",
    )


#: The columns of a booking row (`booking_to_row`), in the upsert's order.
_ROW_COLUMNS = (
    "order_code",
    "centre_id",
    "service_id",
    "slot_day",
    "slot_time",
    "first_name",
    "last_name",
    "father_name",
    "id_document",
    "phone",
    "email",
    "language",
    "status",
    "created_at",
    "checked_in_at",
    "updated_at",
    "priority",
    "application_number",
)


def booking_values(b: Booking, updated_at: datetime) -> list[Any]:
    """A booking's row as values in `_ROW_COLUMNS` order."""
    a, slot = b.applicant, b.slot
    return [
        b.order_code,
        slot.centre_id,
        slot.service_id,
        slot.day,
        slot.start,
        a.first_name,
        a.last_name,
        a.father_name,
        a.id_document,
        a.phone,
        a.email,
        b.language,
        str(b.status),  # a StrEnum: its text, without the slow `.value` look-up
        b.created_at,
        b.checked_in_at,
        updated_at,
        b.priority,
        b.application_number or None,
    ]


def booking_to_row(b: Booking, updated_at: datetime) -> dict[str, Any]:
    return dict(zip(_ROW_COLUMNS, booking_values(b, updated_at), strict=True))


def get_booking(conn: Connection, order_code: str) -> Booking | None:
    row = conn.execute(select(bookings).where(bookings.c.order_code == order_code)).first()
    return None if row is None else booking_from_row(row)


def upsert_bookings(conn: Connection, items: Iterable[Booking], now: datetime) -> int:
    """Insert or refresh bookings from the central service; returns how many.

    A booking already checked in (or further) here keeps the centre's status:
    the centre's own events win over older central state, and reach the
    central service through the outbox.
    """
    if conn.dialect.name == "sqlite":
        # prebuilt on the DB-API cursor: SQLAlchemy's per-row parameter handling was two
        # thirds of a first pull (20,000 bookings)
        values = [booking_values(b, now) for b in items]
        _raw_upsert().executemany_values(conn, values)
        return len(values)
    rows = [booking_to_row(b, now) for b in items]
    for start in range(0, len(rows), _BATCH):
        conn.execute(_upsert_statement(conn.dialect.name), rows[start : start + _BATCH])
    return len(rows)


# Rows per statement: 16 columns × 1,000 stays under both engines' parameter limits.
_BATCH = 1000


@cache
def _upsert_statement(dialect: str) -> Any:
    """Insert a booking, or refresh it; the centre's own progress (checked in or
    further) is kept over older central state."""
    ins = upsert(dialect, bookings)
    values = {c: bindparam(c, type_=bookings.c[c].type) for c in _ROW_COLUMNS}
    progress = sorted(BookingStatus.centre_progress())
    local_progress = or_(*(bookings.c.status == value for value in progress))  # no IN: executemany
    fields = {c: getattr(ins.excluded, c) for c in _ROW_COLUMNS if c != "order_code"}
    for column in ("status", "checked_in_at"):
        fields[column] = case((local_progress, bookings.c[column]), else_=ins.excluded[column])
    return ins.values(values).on_conflict_do_update(
        index_elements=[bookings.c.order_code], set_=fields
    )


@cache
def _raw_upsert() -> RawStatement:
    raw = RawStatement(_upsert_statement("sqlite"), sqlite_dialect())
    # `booking_values` rows are the first names; then the CASE's status literals
    assert raw.names[: len(_ROW_COLUMNS)] == _ROW_COLUMNS, raw.names
    return raw


def mark_checked_in(conn: Connection, order_code: str, at: datetime) -> bool:
    """Checked in, only if the status table still allows it (a second kiosk loses the race)."""
    result = conn.execute(
        update(bookings)
        .where(
            bookings.c.order_code == order_code,
            bookings.c.status.in_(sorted(BookingStatus.checkable_in())),
        )
        .values(status=BookingStatus.CHECKED_IN.value, checked_in_at=at, updated_at=at)
    )
    return result.rowcount == 1


def set_status(conn: Connection, order_code: str, status: BookingStatus, at: datetime) -> None:
    conn.execute(
        update(bookings)
        .where(bookings.c.order_code == order_code)
        .values(status=status.value, updated_at=at)
    )


def bookings_on(conn: Connection, centre_id: str, day: date) -> list[Booking]:
    """Every booking of `centre_id` on `day`, by slot time."""
    rows = conn.execute(
        select(bookings)
        .where(bookings.c.centre_id == centre_id, bookings.c.slot_day == day)
        .order_by(bookings.c.slot_time, bookings.c.order_code)
    )
    return [booking_from_row(r) for r in rows]


def bookings_started_before(
    conn: Connection, centre_id: str, moment: datetime, statuses: Iterable[BookingStatus]
) -> list[Booking]:
    """Bookings of `centre_id` in `statuses` whose slot began before `moment` (its
    wall-clock day and time: a slot time is the centre's local time)."""
    day, clock_time = moment.date(), moment.time().replace(tzinfo=None)
    rows = conn.execute(
        select(bookings).where(
            bookings.c.centre_id == centre_id,
            or_(
                bookings.c.slot_day < day,
                (bookings.c.slot_day == day) & (bookings.c.slot_time < clock_time),
            ),
            bookings.c.status.in_(sorted(s.value for s in statuses)),
        )
    )
    return [booking_from_row(r) for r in rows]


def expire(conn: Connection, order_code: str, at: datetime) -> bool:
    """Expired, only if the status table still allows it (a check-in got there first)."""
    result = conn.execute(
        update(bookings)
        .where(
            bookings.c.order_code == order_code,
            bookings.c.status.in_(sorted(BookingStatus.expirable())),
        )
        .values(status=BookingStatus.EXPIRED.value, updated_at=at)
    )
    return bool(result.rowcount == 1)


def expired_by_service(conn: Connection, centre_id: str, first: date, last: date) -> dict[str, int]:
    """Booked no-shows: bookings of the days that expired, per service."""
    rows = conn.execute(
        select(bookings.c.service_id, func.count())
        .where(
            bookings.c.centre_id == centre_id,
            bookings.c.slot_day >= first,
            bookings.c.slot_day <= last,
            bookings.c.status == BookingStatus.EXPIRED.value,
        )
        .group_by(bookings.c.service_id)
    )
    return {str(sid): int(n) for sid, n in rows}
