"""Index the queue by service and call order: people-ahead counts read only the index.

Revision ID: 0006_queue_index
Revises: 0005_staff
"""

from __future__ import annotations

from alembic import op

revision = "0006_queue_index"
down_revision = "0005_staff"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(
        "ix_tickets_service_queue",
        "tickets",
        ["centre_id", "day", "service_id", "status", "call_time", "id"],
    )


def downgrade() -> None:
    op.drop_index("ix_tickets_service_queue", table_name="tickets")
