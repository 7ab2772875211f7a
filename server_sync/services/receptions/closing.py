"""Closing a reception request and giving its place back: one home for what the
secretary's "close" and the citizen's withdrawal both do."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa

from server_sync.domain.receptions import RequestStatus
from server_sync.kernel.booking import BookingStatus
from server_sync.store import change_feed
from server_sync.store import repositories as repo
from server_sync.store.reception_tables import reception_requests
from server_sync.store.tables import bookings


def close_request(
    conn: sa.Connection,
    request_id: int,
    status_now: str,
    order_code: str,
    place: tuple[str, date, str],
    now: datetime,
) -> bool:
    """Close request `request_id` if it is still `status_now`; its booking (the
    notice's order code) is cancelled and its place on the reception day (resource,
    day, start) freed, and the centres learn it with their next pull. False, with
    nothing changed, when the request moved on meanwhile."""
    changed = conn.execute(
        reception_requests.update()
        .where(
            (reception_requests.c.id == request_id) & (reception_requests.c.status == status_now)
        )
        .values(status=RequestStatus.CLOSED.value, updated_at=now)
    ).rowcount
    if not changed:
        return False
    cancelled = conn.execute(
        bookings.update()
        .where(
            (bookings.c.order_code == order_code)
            & bookings.c.status.in_(sorted(BookingStatus.cancellable()))
        )
        .values(status=BookingStatus.CANCELLED.value, cancelled_at=now, updated_at=now)
    ).rowcount
    if cancelled:
        repo.release_place(conn, *place)
        mark_changed(conn, order_code)
    return True


def mark_changed(conn: sa.Connection, order_code: str) -> None:
    """The request's booking changed: the centres' next pull carries it."""
    booking_id = conn.execute(
        sa.select(bookings.c.id).where(bookings.c.order_code == order_code)
    ).scalar_one()
    change_feed.mark_changed(conn, [booking_id])
