"""The centre's check-in update agrees with the kernel's status table (SQLite and PostgreSQL)."""

from __future__ import annotations

from sqlalchemy import Engine

from kiosk_app.store import booking_repo, write_tx
from server_sync.kernel.booking import BookingStatus
from server_sync.kernel.clock import FixedClock
from tests.factories import booking


def test_check_in_update_follows_the_status_table(engine: Engine, clock: FixedClock) -> None:
    for status in BookingStatus:
        b = booking(status=status)
        with write_tx(engine) as conn:
            booking_repo.upsert_bookings(conn, [b], clock.now())
            changed = booking_repo.mark_checked_in(conn, b.order_code, clock.now())
            stored = booking_repo.get_booking(conn, b.order_code)
        assert changed is (status in BookingStatus.checkable_in()), status
        assert stored is not None
        expected = BookingStatus.CHECKED_IN if changed else status
        assert stored.status is expected


def test_a_pull_keeps_exactly_the_centres_progress(engine: Engine, clock: FixedClock) -> None:
    """Central says "cancelled" for a booking in each local status: the centre's own
    progress (the table's `centre_progress`) stands, anything else takes the news."""
    for status in BookingStatus:
        b = booking(status=status)
        with write_tx(engine) as conn:
            booking_repo.upsert_bookings(conn, [b], clock.now())
            cancelled = booking(code=b.order_code, status=BookingStatus.CANCELLED)
            booking_repo.upsert_bookings(conn, [cancelled], clock.now())
            stored = booking_repo.get_booking(conn, b.order_code)
        assert stored is not None
        kept = status in BookingStatus.centre_progress()
        assert stored.status is (status if kept else BookingStatus.CANCELLED), status
