"""The central store's tables (SQLAlchemy Core), separate from the centre store.

`bookings.change_seq` is the sync cursor: every insert or update of a booking
takes the next number from the one-row `change_counter`, as the last statement
before commit. The row lock on the counter is held only for that statement and
the commit, so numbers are unique and appear in commit order: a reader who has
seen seq N will never later find a newly committed row below N. Times are UTC.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator


class UtcDateTime(TypeDecorator[datetime]):
    """An aware datetime stored as naive UTC, read back aware (UTC)."""

    impl = sa.DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if isinstance(value, str):
            value = datetime.fromisoformat(value)
        return value.replace(tzinfo=UTC)  # type: ignore[no-any-return]


metadata = sa.MetaData()

catalogue_documents = sa.Table(
    "catalogue_documents",
    metadata,
    sa.Column("version", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("data", sa.Text, nullable=False),
    sa.Column("created_at", UtcDateTime, nullable=False),
)

slot_counters = sa.Table(
    "slot_counters",
    metadata,
    sa.Column("resource", sa.String(120), primary_key=True),
    sa.Column("day", sa.Date, primary_key=True),
    sa.Column("start", sa.String(5), primary_key=True),
    sa.Column("taken", sa.Integer, nullable=False, server_default="0"),
)

change_counter = sa.Table(
    "change_counter",
    metadata,
    sa.Column("name", sa.String(40), primary_key=True),
    sa.Column("value", sa.BigInteger, nullable=False),
)

bookings = sa.Table(
    "bookings",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("order_code", sa.String(12), nullable=False, unique=True),
    sa.Column("resource", sa.String(120), nullable=False),
    sa.Column("centre_id", sa.String(64), nullable=False),
    sa.Column("service_id", sa.String(64), nullable=False),
    sa.Column("day", sa.Date, nullable=False),
    sa.Column("start", sa.String(5), nullable=False),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("language", sa.String(2), nullable=False),
    sa.Column("first_name", sa.String(80)),
    sa.Column("last_name", sa.String(80)),
    sa.Column("father_name", sa.String(80)),
    sa.Column("id_document", sa.String(16)),
    sa.Column("phone", sa.String(16)),
    sa.Column("email", sa.String(254)),
    sa.Column("extra", sa.Text, nullable=False, server_default="{}"),
    sa.Column("dedupe_key", sa.String(64), unique=True),
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.Column("updated_at", UtcDateTime, nullable=False),
    sa.Column("cancelled_at", UtcDateTime),
    sa.Column("checked_in_at", UtcDateTime),
    sa.Column("reminder_queued_at", UtcDateTime),
    sa.Column("purged_at", UtcDateTime),
    sa.Column("change_seq", sa.BigInteger, nullable=False, unique=True),
    # made while signed in (migration 0006; `citizens` is in account_tables)
    sa.Column(
        "citizen_id",
        sa.Integer,
        sa.ForeignKey("citizens.id"),  # account_sql.delete_citizen unlinks first
    ),
    sa.Index("ix_bookings_day_status", "day", "status"),
    sa.Index("ix_bookings_citizen", "citizen_id"),
)

confirmation_codes = sa.Table(
    "confirmation_codes",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("email_key", sa.String(64), nullable=False, index=True),
    sa.Column("client_key", sa.String(64), nullable=False, index=True),
    sa.Column("code_hash", sa.String(64), nullable=False),
    sa.Column("created_at", UtcDateTime, nullable=False, index=True),
    sa.Column("expires_at", UtcDateTime, nullable=False),
    sa.Column("tries", sa.Integer, nullable=False, server_default="0"),
    sa.Column("used_at", UtcDateTime),
)

mail_outbox = sa.Table(
    "mail_outbox",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("kind", sa.String(32), nullable=False),
    sa.Column("to_address", sa.String(254)),
    sa.Column("language", sa.String(2), nullable=False),
    sa.Column("payload", sa.Text, nullable=False, server_default="{}"),
    sa.Column("booking_id", sa.Integer, sa.ForeignKey("bookings.id", ondelete="SET NULL")),
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.Column("next_attempt_at", UtcDateTime, nullable=False, index=True),
    sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
    sa.Column("claimed_until", UtcDateTime),
    sa.Column("sent_at", UtcDateTime),
    sa.Column("failed_at", UtcDateTime),
    sa.Column("last_error", sa.String(300)),
)
