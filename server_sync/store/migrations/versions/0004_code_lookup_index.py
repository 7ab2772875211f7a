"""The booking's "latest code of this e-mail" lookup as one index descent.

`WHERE email_key = … ORDER BY id DESC LIMIT 1` had an index on `email_key` alone,
so the planner could walk the primary key backwards instead, reading every newer
code (hundreds of milliseconds per booking with many codes not yet analysed).
An index on (email_key, id) answers it directly and serves the other e-mail
lookups too, so it replaces the one-column index.

Revision ID: 0004_code_lookup_index
Revises: 0003_change_feed
Create Date: 2026-11-24
"""

from __future__ import annotations

from alembic import op

revision = "0004_code_lookup_index"
down_revision = "0003_change_feed"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_confirmation_codes_email_key_id", "confirmation_codes", ["email_key", "id"])
    op.drop_index("ix_confirmation_codes_email_key", table_name="confirmation_codes")


def downgrade() -> None:
    op.create_index("ix_confirmation_codes_email_key", "confirmation_codes", ["email_key"])
    op.drop_index("ix_confirmation_codes_email_key_id", table_name="confirmation_codes")
