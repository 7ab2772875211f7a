"""A visit for an agency application (issue 17): the application's number travels
with its booking from the central service (`bookings.application_number`) and
stays on the ticket (`tickets.application_number`), also for a walk-in who typed
it at the kiosk, so the counter opens the application when it calls the ticket.

Revision ID: 0014_application_link
Revises: 0013_receptions
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014_application_link"
down_revision = "0013_receptions"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("bookings", sa.Column("application_number", sa.String(40), nullable=True))
    op.add_column("tickets", sa.Column("application_number", sa.String(40), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("tickets") as batch:
        batch.drop_column("application_number")
    with op.batch_alter_table("bookings") as batch:
        batch.drop_column("application_number")
