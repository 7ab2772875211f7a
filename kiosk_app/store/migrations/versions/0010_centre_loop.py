"""Which config the running screens have loaded (running_config).

Revision ID: 0010_centre_loop
Revises: 0007_day_indexes
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010_centre_loop"
down_revision = "0009_hardening"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "running_config",
        sa.Column("process_id", sa.String(length=96), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("config_cursor", sa.Integer(), nullable=False),
        sa.Column("generation", sa.Integer(), nullable=False),
        sa.Column("seen_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("process_id", name=op.f("pk_running_config")),
    )


def downgrade() -> None:
    op.drop_table("running_config")
