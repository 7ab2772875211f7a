"""The central store's tables (SQLAlchemy Core), separate from the centre store.

Core tables, not ORM classes: the service writes in set-wise statements (a
conditional UPDATE takes a place, the booking is one prepared statement on the
hot path) and reads rows straight into views; there is no object graph to map.

`bookings.change_seq` is the sync pull's cursor, handed out by `change_feed`:
NULL while a change is not numbered yet (PostgreSQL), the number once it is.
Unique constraints carry names, so a duplicate is told by name. Times are UTC.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator

from server_sync.store.sms_tables import sms_outbox_table


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

# How many active bookings one ID document holds on one day (migration 0007_guessing):
# the row lock of its conditional UPDATE makes that document's bookings of the day
# take turns, so the cap and the overlap check hold under parallel requests.
document_days = sa.Table(
    "document_days",
    metadata,
    sa.Column("doc_key", sa.String(64), primary_key=True),
    sa.Column("day", sa.Date, primary_key=True),
    sa.Column("taken", sa.Integer, nullable=False, server_default="0"),
)

# Unknown order codes per client address in a window of minutes (migration
# 0007_guessing): one row per subject, claimed before the lookup is evaluated.
guess_counters = sa.Table(
    "guess_counters",
    metadata,
    sa.Column("subject", sa.String(80), primary_key=True),
    sa.Column("failures", sa.Integer, nullable=False, server_default="0"),
    sa.Column("window_started_at", UtcDateTime, nullable=False),
    sa.Index("ix_guess_counters_window", "window_started_at"),
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
    sa.Column("order_code", sa.String(12), nullable=False),
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
    sa.Column("dedupe_key", sa.String(64)),
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.Column("updated_at", UtcDateTime, nullable=False),
    sa.Column("cancelled_at", UtcDateTime),
    sa.Column("checked_in_at", UtcDateTime),
    sa.Column("reminder_queued_at", UtcDateTime),
    sa.Column("purged_at", UtcDateTime),
    sa.Column("change_seq", sa.BigInteger, nullable=True),
    sa.UniqueConstraint("order_code", name="uq_bookings_order_code"),
    sa.UniqueConstraint("dedupe_key", name="uq_bookings_dedupe_key"),
    sa.UniqueConstraint("change_seq", name="uq_bookings_change_seq"),
    # made while signed in (migration 0006; `citizens` is in account_tables)
    sa.Column(
        "citizen_id",
        sa.Integer,
        sa.ForeignKey("citizens.id"),  # account_sql.delete_citizen unlinks first
    ),
    sa.Index("ix_bookings_day_status", "day", "status"),
    sa.Index("ix_bookings_document_day", "id_document", "day"),  # 0007_guessing
    sa.Index("ix_bookings_citizen", "citizen_id"),
    sa.Index(
        "ix_bookings_unnumbered",
        "id",
        postgresql_where=sa.text("change_seq IS NULL"),
        sqlite_where=sa.text("change_seq IS NULL"),
    ),
)
DEDUPE_CONSTRAINT = "uq_bookings_dedupe_key"
ORDER_CODE_CONSTRAINT = "uq_bookings_order_code"

confirmation_codes = sa.Table(
    "confirmation_codes",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("email_key", sa.String(64), nullable=False),
    sa.Column("client_key", sa.String(64), nullable=False, index=True),
    sa.Column("code_hash", sa.String(64), nullable=False),
    sa.Column("created_at", UtcDateTime, nullable=False, index=True),
    sa.Column("expires_at", UtcDateTime, nullable=False),
    sa.Column("tries", sa.Integer, nullable=False, server_default="0"),
    sa.Column("used_at", UtcDateTime),
    # "The latest code of this e-mail" in one index descent (migration 0004).
    sa.Index("ix_confirmation_codes_email_key_id", "email_key", "id"),
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

# SMS to citizens (migration 0011_sms_outbox; the same shape in the centre store).
sms_outbox = sms_outbox_table(metadata, UtcDateTime)
