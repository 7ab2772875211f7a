"""Guessing at a centre: the kiosk exit PIN's failures and lock, and the unknown
order codes a kiosk saw in its current window, kept in the store so that a
restart does not clear them and every kiosk process sees the same count.

Revision ID: 0008_guessing
Revises: 0007_day_indexes
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008_guessing"
down_revision = "0007_day_indexes"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "guess_counters",
        sa.Column("subject", sa.String(80), primary_key=True),
        sa.Column("failures", sa.Integer, nullable=False),
        sa.Column("window_started_at", sa.DateTime(), nullable=False),
        sa.Column("locked_until", sa.DateTime(), nullable=True),
    )


def downgrade() -> None:
    op.drop_table("guess_counters")
