"""Citizen accounts: citizens, their sessions, activation/reset codes, used captchas,
rate events, and the demo identity registry's table.

Revision ID: 0005_accounts
Revises: 0002_sync
Create Date: 2026-11-24
"""

from __future__ import annotations

from alembic import op

from server_sync.store.account_tables import ACCOUNT_TABLES

revision = "0005_accounts"
down_revision = "0004_code_lookup_index"
branch_labels = None
depends_on = None


def upgrade() -> None:
    bind = op.get_bind()
    # Created from `account_tables` as they are in this revision; a later change to
    # them gets its own migration.
    for table in ACCOUNT_TABLES:
        table.create(bind)


def downgrade() -> None:
    bind = op.get_bind()
    for table in reversed(ACCOUNT_TABLES):
        table.drop(bind)
