"""Central-side tables of the sync protocol and the IT view (SQLAlchemy Core).

They sit on the central store's `metadata` next to the booking tables:
centre tokens (stored hashed), every event a centre pushed (unique per centre
and idempotency key: a batch delivered twice is stored once), conflicts for
IT, the last heartbeat of each centre, the queue state behind the ticket's live
status page, IT's versioned config pushes and who applied them, IT users.
"""

from __future__ import annotations

import sqlalchemy as sa

from server_sync.store.tables import UtcDateTime, bookings, metadata

sync_tokens = sa.Table(
    "sync_tokens",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("centre_id", sa.String(64), nullable=False, index=True),
    sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
    sa.Column("label", sa.String(120), nullable=False, server_default=""),
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.Column("revoked_at", UtcDateTime),
)

sync_events = sa.Table(
    "sync_events",
    metadata,
    sa.Column("id", sa.BigInteger().with_variant(sa.Integer, "sqlite"), primary_key=True),
    sa.Column("centre_id", sa.String(64), nullable=False),
    sa.Column("idempotency_key", sa.String(64), nullable=False),
    sa.Column("centre_seq", sa.BigInteger, nullable=False),
    sa.Column("kind", sa.String(32), nullable=False),
    sa.Column("booking_code", sa.String(16)),
    sa.Column("day", sa.String(10)),
    sa.Column("number", sa.String(8)),
    sa.Column("centre_at", UtcDateTime, nullable=False),
    sa.Column("received_at", UtcDateTime, nullable=False),
    sa.Column("outcome", sa.String(32), nullable=False),
    sa.Column("payload", sa.Text, nullable=False),
    sa.UniqueConstraint("centre_id", "idempotency_key", name="uq_sync_events_key"),
    sa.Index("ix_sync_events_centre_seq", "centre_id", "centre_seq"),
    sa.Index("ix_sync_events_booking", "booking_code"),
)

sync_conflicts = sa.Table(
    "sync_conflicts",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("centre_id", sa.String(64), nullable=False, index=True),
    sa.Column("booking_code", sa.String(16)),
    sa.Column("kind", sa.String(40), nullable=False),
    sa.Column("idempotency_key", sa.String(64), nullable=False),
    sa.Column("detail", sa.String(300), nullable=False, server_default=""),
    sa.Column("created_at", UtcDateTime, nullable=False),
)

sync_centres = sa.Table(
    "sync_centres",
    metadata,
    sa.Column("centre_id", sa.String(64), primary_key=True),
    sa.Column("last_heartbeat_at", UtcDateTime),
    sa.Column("clock_skew_s", sa.Float),
    sa.Column("agent_version", sa.String(32)),
    sa.Column("last_pull_at", UtcDateTime),
    sa.Column("outbox_backlog", sa.Integer),
    sa.Column("queue_length", sa.Integer),
    sa.Column("config_cursor", sa.Integer),
    sa.Column("catalogue_version", sa.Integer),
    sa.Column("devices", sa.Text, nullable=False, server_default="[]"),
    sa.Column("events_received", sa.BigInteger, nullable=False, server_default="0"),
    sa.Column("last_event_at", UtcDateTime),
    # outbox events the centre parked after a refusal, and the oldest of them (JSON)
    sa.Column("parked_events", sa.Integer, nullable=False, server_default="0"),
    sa.Column("parked", sa.Text, nullable=False, server_default="[]"),
)

sync_queue = sa.Table(
    "sync_queue",
    metadata,
    sa.Column("centre_id", sa.String(64), primary_key=True),
    sa.Column("day", sa.String(10), primary_key=True),
    sa.Column("number", sa.String(8), primary_key=True),
    sa.Column("service_id", sa.String(64), nullable=False),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("people_ahead", sa.Integer),
    sa.Column("wait_minutes", sa.Integer),
    sa.Column("counter", sa.Integer),
    sa.Column("updated_at", UtcDateTime, nullable=False),
)

config_pushes = sa.Table(
    "config_pushes",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("kind", sa.String(16), nullable=False),
    sa.Column("target", sa.String(64), nullable=False),
    sa.Column("data", sa.Text, nullable=False),
    sa.Column("note", sa.String(200), nullable=False, server_default=""),
    sa.Column("created_at", UtcDateTime, nullable=False),
)

config_applied = sa.Table(
    "config_applied",
    metadata,
    sa.Column("push_id", sa.Integer, primary_key=True),
    sa.Column("centre_id", sa.String(64), primary_key=True),
    sa.Column("applied_at", UtcDateTime, nullable=False),
)

it_users = sa.Table(
    "it_users",
    metadata,
    sa.Column("username", sa.String(64), primary_key=True),
    sa.Column("password_hash", sa.String(255), nullable=False),
    sa.Column("failed_attempts", sa.Integer, nullable=False, server_default="0"),
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.Column("disabled_at", UtcDateTime),
    sa.Column("locked_until", UtcDateTime),  # migration 0007_guessing
)

SYNC_TABLES = (
    sync_tokens,
    sync_events,
    sync_conflicts,
    sync_centres,
    sync_queue,
    config_pushes,
    config_applied,
    it_users,
)

# The pull reads one centre's changes in cursor order (migration 0002_sync).
sa.Index("ix_bookings_centre_change", bookings.c.centre_id, bookings.c.change_seq)
