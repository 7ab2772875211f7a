"""The durable SMS outbox (issue 15): one row an SMS, sent with retries by the
background jobs, never twice (`server_sync.services.sms_outbox`).

Revision ID: 0011_sms_outbox
Revises: 0006_booking_citizen
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from server_sync.store.tables import UtcDateTime

revision = "0011_sms_outbox"
down_revision = "0008_hardening"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sms_outbox",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("reference", sa.String(40), nullable=False),
        sa.Column("dedupe_key", sa.String(120)),
        sa.Column("to_phone", sa.String(32)),
        sa.Column("phone_key", sa.String(64), nullable=False),
        sa.Column("language", sa.String(2), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("booking_id", sa.Integer),
        sa.Column("created_at", UtcDateTime, nullable=False),
        sa.Column("next_attempt_at", UtcDateTime, nullable=False),
        sa.Column("expires_at", UtcDateTime),
        sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
        sa.Column("claimed_until", UtcDateTime),
        sa.Column("claim_token", sa.String(32)),
        sa.Column("submitted_at", UtcDateTime),
        sa.Column("sent_at", UtcDateTime),
        sa.Column("failed_at", UtcDateTime),
        sa.Column("last_error", sa.String(300)),
        sa.Column("parts", sa.Integer),
        sa.Column("data_coding", sa.Integer),
        sa.Column("message_id", sa.String(64)),
        sa.Column("receipt_state", sa.String(16)),
        sa.Column("receipt_at", UtcDateTime),
        sa.UniqueConstraint("reference", name="uq_sms_outbox_reference"),
        sa.UniqueConstraint("dedupe_key", name="uq_sms_outbox_dedupe_key"),
    )
    op.create_index("ix_sms_outbox_due", "sms_outbox", ["next_attempt_at"])
    op.create_index("ix_sms_outbox_phone_sent", "sms_outbox", ["phone_key", "sent_at"])
    op.create_index("ix_sms_outbox_message_id", "sms_outbox", ["message_id"])


def downgrade() -> None:
    op.drop_table("sms_outbox")
