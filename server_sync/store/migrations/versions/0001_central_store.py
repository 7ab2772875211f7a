"""The central store: catalogue, slot counters, bookings, codes, mail outbox.

Revision ID: 0001
Revises:
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from server_sync.store.tables import UtcDateTime

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "catalogue_documents",
        sa.Column("version", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("data", sa.Text, nullable=False),
        sa.Column("created_at", UtcDateTime, nullable=False),
    )
    op.create_table(
        "slot_counters",
        sa.Column("resource", sa.String(120), primary_key=True),
        sa.Column("day", sa.Date, primary_key=True),
        sa.Column("start", sa.String(5), primary_key=True),
        sa.Column("taken", sa.Integer, nullable=False, server_default="0"),
    )
    op.create_table(
        "change_counter",
        sa.Column("name", sa.String(40), primary_key=True),
        sa.Column("value", sa.BigInteger, nullable=False),
    )
    op.bulk_insert(
        sa.table("change_counter", sa.column("name"), sa.column("value")),
        [{"name": "bookings", "value": 0}],
    )
    op.create_table(
        "bookings",
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
    )
    op.create_index("ix_bookings_day_status", "bookings", ["day", "status"])
    op.create_table(
        "confirmation_codes",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("email_key", sa.String(64), nullable=False),
        sa.Column("client_key", sa.String(64), nullable=False),
        sa.Column("code_hash", sa.String(64), nullable=False),
        sa.Column("created_at", UtcDateTime, nullable=False),
        sa.Column("expires_at", UtcDateTime, nullable=False),
        sa.Column("tries", sa.Integer, nullable=False, server_default="0"),
        sa.Column("used_at", UtcDateTime),
    )
    for column in ("email_key", "client_key", "created_at"):
        op.create_index(f"ix_confirmation_codes_{column}", "confirmation_codes", [column])
    op.create_table(
        "mail_outbox",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("to_address", sa.String(254)),
        sa.Column("language", sa.String(2), nullable=False),
        sa.Column("payload", sa.Text, nullable=False, server_default="{}"),
        sa.Column("booking_id", sa.Integer, sa.ForeignKey("bookings.id", ondelete="SET NULL")),
        sa.Column("created_at", UtcDateTime, nullable=False),
        sa.Column("next_attempt_at", UtcDateTime, nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
        sa.Column("claimed_until", UtcDateTime),
        sa.Column("sent_at", UtcDateTime),
        sa.Column("failed_at", UtcDateTime),
        sa.Column("last_error", sa.String(300)),
    )
    op.create_index("ix_mail_outbox_next_attempt_at", "mail_outbox", ["next_attempt_at"])


def downgrade() -> None:
    for table in (
        "mail_outbox",
        "confirmation_codes",
        "bookings",
        "change_counter",
        "slot_counters",
        "catalogue_documents",
    ):
        op.drop_table(table)
