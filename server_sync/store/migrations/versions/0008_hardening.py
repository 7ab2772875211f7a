"""Hardening: what a centre reports of its parked outbox events (the dead letters:
events central refused, set aside so the rest goes on), for the IT view.

Revision ID: 0008_hardening
Revises: 0006_booking_citizen
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008_hardening"
down_revision = "0007_guessing"
branch_labels = None
depends_on = None


def _columns() -> set[str]:
    return {c["name"] for c in sa.inspect(op.get_bind()).get_columns("sync_centres")}


def upgrade() -> None:
    # 0002_sync creates the sync tables from today's models, so a new store has the
    # columns already; an older store gets them here
    have = _columns()
    if "parked_events" not in have:
        op.add_column(
            "sync_centres",
            sa.Column("parked_events", sa.Integer, nullable=False, server_default="0"),
        )
    if "parked" not in have:
        op.add_column(
            "sync_centres", sa.Column("parked", sa.Text, nullable=False, server_default="[]")
        )


def downgrade() -> None:
    with op.batch_alter_table("sync_centres") as batch:
        batch.drop_column("parked")
        batch.drop_column("parked_events")
