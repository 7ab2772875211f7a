"""Receptions with officials (seed 002): officials, requests, their events, and the
reception secretaries (IT-managed users of the official's office page).

Revision ID: 0012_receptions
Revises: 0006_booking_citizen
Create Date: 2026-12-02
"""

from __future__ import annotations

from alembic import op

from server_sync.store.reception_tables import RECEPTION_TABLES

revision = "0012_receptions"
down_revision = "0011_sms_outbox"
branch_labels = None
depends_on = None


def upgrade() -> None:
    bind = op.get_bind()
    # Created from `reception_tables` as they are in this revision; a later change
    # to them gets its own migration.
    for table in RECEPTION_TABLES:
        table.create(bind)


def downgrade() -> None:
    bind = op.get_bind()
    for table in reversed(RECEPTION_TABLES):
        table.drop(bind)
