"""Tables of receptions with officials (seed 002), beside the booking tables.

An official receives on weekly days (`days`/`hours` are the seed's phrasings,
parsed by `domain.reception_days`) at a centre, in the reception line that is the
catalogue service `service_id`. A request holds a booking (`booking_id`): its order
code is the notice's barcode, it travels to the centre with the day's bookings and
the kiosk checks it in like any booking; the place is taken in `slot_counters`
(resource `reception:<official>`, the day, the reception's start), so a reception
day is never overbooked. Every change of a request is an event (its history).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa

from server_sync.store.tables import UtcDateTime, metadata

reception_officials = sa.Table(
    "reception_officials",
    metadata,
    sa.Column("id", sa.String(64), primary_key=True),
    sa.Column("organisation", sa.Text, nullable=False),  # JSON {az, ru, en}
    sa.Column("position", sa.Text, nullable=False),  # JSON {az, ru, en}
    sa.Column("full_name", sa.String(120), nullable=False),
    sa.Column("days", sa.String(120), nullable=False),
    sa.Column("hours", sa.String(60), nullable=False),
    sa.Column("centre_id", sa.String(64), nullable=False),
    sa.Column("service_id", sa.String(64), nullable=False),
    sa.Column("capacity", sa.Integer, nullable=False),
    sa.Column("sort", sa.Integer, nullable=False, server_default="0"),
)

reception_requests = sa.Table(
    "reception_requests",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("citizen_id", sa.Integer, sa.ForeignKey("citizens.id")),
    sa.Column(
        "official_id", sa.String(64), sa.ForeignKey("reception_officials.id"), nullable=False
    ),
    sa.Column("booking_id", sa.Integer, sa.ForeignKey("bookings.id"), nullable=False),
    sa.Column("day", sa.Date, nullable=False),
    sa.Column("start", sa.String(5), nullable=False),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("language", sa.String(2), nullable=False),
    sa.Column("topic", sa.String(32), nullable=False),
    sa.Column("social_status", sa.String(32), nullable=False),
    sa.Column("privilege", sa.String(32), nullable=False),
    sa.Column("email", sa.String(254), nullable=False),
    sa.Column("phone", sa.String(16), nullable=False),
    sa.Column("workplace", sa.String(200), nullable=False),
    sa.Column("current_address", sa.String(200)),  # NULL: as on the ID card
    sa.Column("note", sa.String(400), nullable=False, server_default=""),
    sa.Column("first_name", sa.String(80), nullable=False),
    sa.Column("last_name", sa.String(80), nullable=False),
    sa.Column("father_name", sa.String(80), nullable=False),
    sa.Column("birth_date", sa.Date),
    sa.Column("id_document", sa.String(16), nullable=False),
    sa.Column("registered_address", sa.String(200), nullable=False),
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.Column("updated_at", UtcDateTime, nullable=False),
    sa.Index("ix_reception_requests_citizen", "citizen_id"),
    sa.Index("ix_reception_requests_official_day", "official_id", "day"),
)

reception_events = sa.Table(
    "reception_events",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column(
        "request_id",
        sa.Integer,
        sa.ForeignKey("reception_requests.id", ondelete="CASCADE"),
        nullable=False,
    ),
    sa.Column("kind", sa.String(16), nullable=False),
    sa.Column("at", UtcDateTime, nullable=False),
    sa.Column("actor", sa.String(64), nullable=False),  # "citizen" or the secretary's name
    sa.Column("day", sa.Date),  # the reception date it set (sent, moved)
    sa.Column("comment", sa.String(1000), nullable=False, server_default=""),
    sa.Index("ix_reception_events_request", "request_id", "id"),
)

reception_secretaries = sa.Table(
    "reception_secretaries",
    metadata,
    sa.Column("username", sa.String(64), primary_key=True),
    sa.Column("password_hash", sa.String(255), nullable=False),
    sa.Column("officials", sa.Text, nullable=False),  # JSON list of ids, or ["*"]
    sa.Column("failed_attempts", sa.Integer, nullable=False, server_default="0"),
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.Column("disabled_at", UtcDateTime),
)

RECEPTION_TABLES = (
    reception_officials,
    reception_requests,
    reception_events,
    reception_secretaries,
)


def purge_reception_requests(conn: sa.Connection, booking_ids: Sequence[int]) -> None:
    """Empty the personal data of the requests of these (purged) bookings, and the
    citizens' and secretaries' comments of their history."""
    r = reception_requests.c
    for start in range(0, len(booking_ids), 500):
        chunk = booking_ids[start : start + 500]
        request_ids = sa.select(r.id).where(r.booking_id.in_(chunk)).scalar_subquery()
        conn.execute(
            reception_requests.update()
            .where(r.booking_id.in_(chunk))
            .values(
                email="",
                phone="",
                workplace="",
                current_address=None,
                note="",
                first_name="",
                last_name="",
                father_name="",
                birth_date=None,
                id_document="",
                registered_address="",
            )
        )
        conn.execute(
            reception_events.update()
            .where(reception_events.c.request_id.in_(request_ids))
            .values(comment="")
        )
