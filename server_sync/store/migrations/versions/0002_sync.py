"""Sync and IT tables: centre tokens, pushed events, conflicts, heartbeats,
queue state for the live status page, config pushes, IT users; and an index
for the per-centre pull by change number.

Revision ID: 0002_sync
Revises: 0001
Create Date: 2026-11-23
"""

from __future__ import annotations

from alembic import op

from server_sync.store.sync_models import SYNC_TABLES

revision = "0002_sync"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    bind = op.get_bind()
    # The tables are created from `sync_models` as they are in this revision;
    # a later change to them gets its own migration.
    for table in SYNC_TABLES:
        table.create(bind)
    op.create_index("ix_bookings_centre_change", "bookings", ["centre_id", "change_seq"])


def downgrade() -> None:
    op.drop_index("ix_bookings_centre_change", table_name="bookings")
    bind = op.get_bind()
    for table in reversed(SYNC_TABLES):
        table.drop(bind)
