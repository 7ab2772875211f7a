"""A booking that is a reception request with a privilege (imtiyaz, seed 002) is
called first: `bookings.priority`, pulled from the central service.

Revision ID: 0013_receptions
Revises: 0007_day_indexes
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013_receptions"
down_revision = "0012_sms_outbox"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "bookings",
        sa.Column("priority", sa.Boolean, nullable=False, server_default=sa.false()),
    )


def downgrade() -> None:
    with op.batch_alter_table("bookings") as batch:
        batch.drop_column("priority")
