"""hall calls for the display (staff tools)

Revision ID: 0005_staff
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005_staff"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "hall_calls",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("centre_id", sa.String(length=64), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("ticket_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=8), nullable=False),
        sa.Column("service_id", sa.String(length=64), nullable=False),
        sa.Column("counter", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hall_calls")),
    )
    with op.batch_alter_table("hall_calls", schema=None) as batch_op:
        batch_op.create_index("ix_hall_calls_centre_day", ["centre_id", "day", "id"])


def downgrade() -> None:
    with op.batch_alter_table("hall_calls", schema=None) as batch_op:
        batch_op.drop_index("ix_hall_calls_centre_day")
    op.drop_table("hall_calls")
