"""Agency applications: the numbers per agency and year, applications, their files
and the SMS proofs of a mobile number.

Revision ID: 0013_applications
Revises: 0006_booking_citizen
Create Date: 2026-12-02
"""

from __future__ import annotations

from alembic import op

from server_sync.store.application_tables import APPLICATION_TABLES

revision = "0013_applications"
down_revision = "0012_receptions"
branch_labels = None
depends_on = None


def upgrade() -> None:
    bind = op.get_bind()
    # Created from `application_tables` as they are in this revision (as 0005 does);
    # a later change to them gets its own migration.
    for table in APPLICATION_TABLES:
        table.create(bind)


def downgrade() -> None:
    bind = op.get_bind()
    for table in reversed(APPLICATION_TABLES):
        table.drop(bind)
