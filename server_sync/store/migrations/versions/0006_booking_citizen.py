"""A booking made while signed in names its citizen (nullable: deleting an account
unlinks its bookings first, `account_sql.delete_citizen`).

On SQLite the column is added in place (`ALTER TABLE … ADD COLUMN … REFERENCES`):
a batch copy of `bookings` would drop the table that the mail outbox and the sync
tables point at.

Revision ID: 0006_booking_citizen
Revises: 0005_accounts
Create Date: 2026-11-24
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006_booking_citizen"
down_revision = "0005_accounts"
branch_labels = None
depends_on = None
#: PostgreSQL's own name for it, as an unnamed constraint in `tables` gets.
FK_NAME = "bookings_citizen_id_fkey"


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("ALTER TABLE bookings ADD COLUMN citizen_id INTEGER REFERENCES citizens(id)")
    else:
        op.add_column("bookings", sa.Column("citizen_id", sa.Integer, nullable=True))
        op.create_foreign_key(
            FK_NAME,
            "bookings",
            "citizens",
            ["citizen_id"],
            ["id"],
        )
    op.create_index("ix_bookings_citizen", "bookings", ["citizen_id"])


def downgrade() -> None:
    op.drop_index("ix_bookings_citizen", table_name="bookings")
    if op.get_bind().dialect.name == "sqlite":
        with op.batch_alter_table("bookings") as batch:
            batch.drop_column("citizen_id")
    else:
        op.drop_constraint(FK_NAME, "bookings", type_="foreignkey")
        op.drop_column("bookings", "citizen_id")
