"""Hardening: the dead-letter table of the outbox (`outbox_parked`) and nothing else:
the retention pruning walks indexes the store already has.

Revision ID: 0009_hardening
Revises: 0007_day_indexes
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009_hardening"
down_revision = "0008_guessing"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "outbox_parked",
        sa.Column(
            "outbox_id",
            sa.Integer,
            sa.ForeignKey(
                "outbox.id",
                ondelete="CASCADE",
                name="fk_outbox_parked_outbox_id_outbox",
            ),
        ),
        sa.Column("idempotency_key", sa.String(64), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("status", sa.Integer, nullable=False),
        sa.Column("reason", sa.String(500), nullable=False),
        sa.Column("parked_at", sa.DateTime(), nullable=False),
        sa.Column("dropped_at", sa.DateTime(), nullable=True),
        sa.Column("dropped_by", sa.String(64)),
        sa.PrimaryKeyConstraint("outbox_id", name="pk_outbox_parked"),
        sa.UniqueConstraint("idempotency_key", name="uq_outbox_parked_idempotency_key"),
    )


def downgrade() -> None:
    op.drop_table("outbox_parked")
