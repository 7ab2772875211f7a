"""Bookings that never came are closed: a booking not checked in by its slot plus
the grace of its check-in window becomes `expired` at the centre, and an
`expired` event tells the central service (the same transaction: the outbox).

The sync agent runs this every round, so it happens whether or not anyone is at
a kiosk; reports count these apart from called tickets nobody answered.
"""

from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy import Engine

from kiosk_app.store import booking_repo
from kiosk_app.store.engine import write_tx
from kiosk_app.store.outbox import record_event
from server_sync.kernel.booking import EXPIRY_EVENT, BookingStatus
from server_sync.kernel.catalogue import Catalogue
from server_sync.kernel.checkin_window import WindowPosition

log = logging.getLogger("asanq.sync")


def expire_overdue(engine: Engine, catalogue: Catalogue, centre_id: str, now: datetime) -> int:
    """Expire every booking whose check-in window has closed; returns how many."""
    expired = 0
    with write_tx(engine) as conn:
        # a window closes at slot + grace (grace >= 0): only slots already begun can be late
        candidates = booking_repo.bookings_started_before(
            conn, centre_id, now, BookingStatus.expirable()
        )
        for b in candidates:
            slot = datetime.combine(b.slot.day, b.slot.start, tzinfo=now.tzinfo)
            window = catalogue.checkin_window(b.slot.centre_id, b.slot.service_id)
            if window.position(now, slot) is not WindowPosition.LATE:
                continue
            if booking_repo.expire(conn, b.order_code, now):
                record_event(
                    conn,
                    EXPIRY_EVENT,
                    {"day": b.slot.day.isoformat(), "slot": b.slot.start.strftime("%H:%M")},
                    now,
                    booking_code=b.order_code,
                )
                expired += 1
    if expired:
        log.info("%d bookings expired (not checked in by slot + grace)", expired)
    return expired
