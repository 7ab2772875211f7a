"""The centre's SMS outbox and the "your turn is near" requests (issue 15).

Revision ID: 0012_sms_outbox
Revises: 0007_day_indexes
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012_sms_outbox"
down_revision = "0010_centre_loop"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sms_outbox",
        sa.Column("id", sa.Integer, autoincrement=True),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("reference", sa.String(40), nullable=False),
        sa.Column("dedupe_key", sa.String(120)),
        sa.Column("to_phone", sa.String(32)),
        sa.Column("phone_key", sa.String(64), nullable=False),
        sa.Column("language", sa.String(2), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("booking_id", sa.Integer),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime()),
        sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
        sa.Column("claimed_until", sa.DateTime()),
        sa.Column("claim_token", sa.String(32)),
        sa.Column("submitted_at", sa.DateTime()),
        sa.Column("sent_at", sa.DateTime()),
        sa.Column("failed_at", sa.DateTime()),
        sa.Column("last_error", sa.String(300)),
        sa.Column("parts", sa.Integer),
        sa.Column("data_coding", sa.Integer),
        sa.Column("message_id", sa.String(64)),
        sa.Column("receipt_state", sa.String(16)),
        sa.Column("receipt_at", sa.DateTime()),
        sa.PrimaryKeyConstraint("id", name="pk_sms_outbox"),
        sa.UniqueConstraint("reference", name="uq_sms_outbox_reference"),
        sa.UniqueConstraint("dedupe_key", name="uq_sms_outbox_dedupe_key"),
    )
    op.create_index("ix_sms_outbox_due", "sms_outbox", ["next_attempt_at"])
    op.create_index("ix_sms_outbox_phone_sent", "sms_outbox", ["phone_key", "sent_at"])
    op.create_index("ix_sms_outbox_message_id", "sms_outbox", ["message_id"])
    op.create_table(
        "turn_notices",
        sa.Column("ticket_id", sa.Integer, nullable=False),
        sa.Column("centre_id", sa.String(64), nullable=False),
        sa.Column("day", sa.Date, nullable=False),
        sa.Column("phone", sa.String(20)),
        sa.Column("language", sa.String(2), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("notified_at", sa.DateTime()),
        sa.PrimaryKeyConstraint("ticket_id", name="pk_turn_notices"),
        sa.ForeignKeyConstraint(
            ["ticket_id"], ["tickets.id"], name="fk_turn_notices_ticket_id_tickets"
        ),
    )
    op.create_index("ix_turn_notices_open", "turn_notices", ["centre_id", "day", "notified_at"])


def downgrade() -> None:
    op.drop_table("turn_notices")
    op.drop_table("sms_outbox")
