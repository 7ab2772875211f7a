"""Holding under guessing: a time-based lock of IT users, the unknown-order-code
counters per client address, and the bookings per ID document and day (cap and
overlap, taken in turns under the row lock of `document_days`).

Revision ID: 0007_guessing
Revises: 0006_booking_citizen
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from server_sync.store.tables import UtcDateTime

revision = "0007_guessing"
down_revision = "0006_booking_citizen"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # 0002 creates `it_users` from today's `sync_models`, so a store made from scratch
    # has the column already; one made before this revision gets it here.
    columns = {c["name"] for c in sa.inspect(op.get_bind()).get_columns("it_users")}
    if "locked_until" not in columns:
        op.add_column("it_users", sa.Column("locked_until", UtcDateTime, nullable=True))
    op.create_table(
        "document_days",
        sa.Column("doc_key", sa.String(64), primary_key=True),
        sa.Column("day", sa.Date, primary_key=True),
        sa.Column("taken", sa.Integer, nullable=False, server_default="0"),
    )
    op.create_table(
        "guess_counters",
        sa.Column("subject", sa.String(80), primary_key=True),
        sa.Column("failures", sa.Integer, nullable=False, server_default="0"),
        sa.Column("window_started_at", UtcDateTime, nullable=False),
    )
    op.create_index("ix_guess_counters_window", "guess_counters", ["window_started_at"])
    op.create_index("ix_bookings_document_day", "bookings", ["id_document", "day"])


def downgrade() -> None:
    op.drop_index("ix_bookings_document_day", table_name="bookings")
    op.drop_index("ix_guess_counters_window", table_name="guess_counters")
    op.drop_table("guess_counters")
    op.drop_table("document_days")
    with op.batch_alter_table("it_users") as batch:
        batch.drop_column("locked_until")
