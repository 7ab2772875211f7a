"""The change feed without a hot row, and named unique constraints on bookings.

PostgreSQL: `bookings.change_seq` may be NULL ("changed, not numbered yet"):
writers no longer take the next number from the one `change_counter` row, a pull
numbers committed changes instead (`store.change_feed`). SQLite keeps numbering
at write time (one writer at a time); its column becomes nullable too, so both
stores have one schema. The unique constraints get explicit names
(`uq_bookings_order_code`, `uq_bookings_dedupe_key`, `uq_bookings_change_seq`), so
a duplicate is told by the constraint's name, never by an error text.

Revision ID: 0003_change_feed
Revises: 0002_sync
Create Date: 2026-11-24
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_change_feed"
down_revision = "0002_sync"
branch_labels = None
depends_on = None

UNIQUE = {
    "order_code": "uq_bookings_order_code",
    "dedupe_key": "uq_bookings_dedupe_key",
    "change_seq": "uq_bookings_change_seq",
}
# Reflected unnamed SQLite constraints get these names when the table is rebuilt.
NAMING = {"uq": "uq_%(table_name)s_%(column_0_name)s"}
UNNUMBERED = sa.text("change_seq IS NULL")


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for column, name in UNIQUE.items():
            op.execute(f"ALTER TABLE bookings RENAME CONSTRAINT bookings_{column}_key TO {name}")
        op.alter_column("bookings", "change_seq", existing_type=sa.BigInteger, nullable=True)
    else:
        _rebuild_sqlite_bookings(nullable=True)
    op.create_index(
        "ix_bookings_unnumbered",
        "bookings",
        ["id"],
        postgresql_where=UNNUMBERED,
        sqlite_where=UNNUMBERED,
    )


def downgrade() -> None:
    op.drop_index("ix_bookings_unnumbered", table_name="bookings")
    if op.get_bind().dialect.name == "postgresql":
        # Number what a pull has not numbered yet, so the column can be NOT NULL again.
        op.execute(
            "WITH numbered AS (SELECT id, row_number() OVER (ORDER BY id) AS n FROM bookings"
            " WHERE change_seq IS NULL)"
            " UPDATE bookings SET change_seq = c.value + numbered.n"
            " FROM numbered, change_counter c"
            " WHERE bookings.id = numbered.id AND c.name = 'bookings'"
        )
        op.execute(
            "UPDATE change_counter SET value = GREATEST(value,"
            " (SELECT coalesce(max(change_seq), 0) FROM bookings)) WHERE name = 'bookings'"
        )
        op.alter_column("bookings", "change_seq", existing_type=sa.BigInteger, nullable=False)
        for column, name in UNIQUE.items():
            op.execute(f"ALTER TABLE bookings RENAME CONSTRAINT {name} TO bookings_{column}_key")
    else:
        _rebuild_sqlite_bookings(nullable=False)


def _rebuild_sqlite_bookings(nullable: bool) -> None:
    """SQLite changes a column by copying the table. Dropping the old copy would
    empty `mail_outbox.booking_id` (ON DELETE SET NULL runs, and foreign keys cannot
    be switched off inside the migration's transaction), so the links are kept
    aside and put back."""
    op.execute(
        "CREATE TEMPORARY TABLE mail_links AS"
        " SELECT id, booking_id FROM mail_outbox WHERE booking_id IS NOT NULL"
    )
    with op.batch_alter_table("bookings", recreate="always", naming_convention=NAMING) as batch:
        batch.alter_column("change_seq", existing_type=sa.BigInteger, nullable=nullable)
    op.execute(
        "UPDATE mail_outbox SET booking_id ="
        " (SELECT booking_id FROM mail_links WHERE mail_links.id = mail_outbox.id)"
        " WHERE id IN (SELECT id FROM mail_links)"
    )
    op.execute("DROP TABLE mail_links")
