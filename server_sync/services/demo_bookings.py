"""The demo's bookings in the central store too, so the centre's check-ins of them
are known there (no "unknown_booking" conflicts) and the agent's pull agrees."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from server_sync.kernel.booking import Booking
from server_sync.store import change_feed
from server_sync.store import repositories as repo
from server_sync.store.tables import bookings


def publish_demo_bookings(engine: Engine, items: Sequence[Booking], now: datetime) -> int:
    """Store each booking centrally once (by order code); returns how many were new."""
    codes = [b.order_code for b in items]
    with engine.begin() as conn:
        known: set[str] = set()
        for i in range(0, len(codes), 500):
            known |= set(
                conn.execute(
                    sa.select(bookings.c.order_code).where(
                        bookings.c.order_code.in_(codes[i : i + 500])
                    )
                ).scalars()
            )
        fresh = [b for b in items if b.order_code not in known]
        numbers = change_feed.take_numbers(conn, len(fresh))
        for b, number in zip(fresh, numbers, strict=True):
            a = b.applicant
            repo.insert_booking(
                conn,
                {
                    "order_code": b.order_code,
                    "resource": f"{b.slot.centre_id}/{b.slot.service_id}",
                    "centre_id": b.slot.centre_id,
                    "service_id": b.slot.service_id,
                    "day": b.slot.day,
                    "start": b.slot.start.strftime("%H:%M"),
                    "status": b.status.value,
                    "language": b.language,
                    "first_name": a.first_name,
                    "last_name": a.last_name,
                    "father_name": a.father_name,
                    "id_document": a.id_document,
                    "phone": a.phone,
                    "email": a.email,
                    "created_at": b.created_at,
                    "updated_at": now,
                    "change_seq": number,
                },
            )
    return len(fresh)
