"""The SMS outbox table, one shape for both stores (central and centre).

Each row is one SMS to one phone. `reference` is the message's own id, made when
it is queued and sent with every try (the UDH concatenation reference and the SMPP
`user_message_reference` come from it), so a centre that filters repeats can drop a
second copy. `dedupe_key` lets a caller queue a notice at most once ("your turn is
near" for one ticket). `phone_key` is a keyed hash of the number: it stays after
sending, for the per-phone rate limit, while the number and the text are emptied.
`submitted_at` is written, and committed, just before the centre is asked: a row
with it set, no `sent_at` and an expired lease is *in doubt* (its sender died, or the
answer was lost, between the ask and the answer).
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

TABLE = "sms_outbox"


def sms_outbox_table(metadata: sa.MetaData, moment: Any) -> sa.Table:
    """The `sms_outbox` table on `metadata`, its times in the store's `moment` type."""
    return sa.Table(
        TABLE,
        metadata,
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("reference", sa.String(40), nullable=False),
        sa.Column("dedupe_key", sa.String(120)),
        sa.Column("to_phone", sa.String(32)),
        sa.Column("phone_key", sa.String(64), nullable=False),
        sa.Column("language", sa.String(2), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("booking_id", sa.Integer),
        sa.Column("created_at", moment, nullable=False),
        sa.Column("next_attempt_at", moment, nullable=False),
        sa.Column("expires_at", moment),
        sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
        sa.Column("claimed_until", moment),
        sa.Column("claim_token", sa.String(32)),
        sa.Column("submitted_at", moment),
        sa.Column("sent_at", moment),
        sa.Column("failed_at", moment),
        sa.Column("last_error", sa.String(300)),
        sa.Column("parts", sa.Integer),
        sa.Column("data_coding", sa.Integer),
        sa.Column("message_id", sa.String(64)),
        sa.Column("receipt_state", sa.String(16)),
        sa.Column("receipt_at", moment),
        sa.UniqueConstraint("reference", name="uq_sms_outbox_reference"),
        sa.UniqueConstraint("dedupe_key", name="uq_sms_outbox_dedupe_key"),
        sa.Index("ix_sms_outbox_due", "next_attempt_at"),
        sa.Index("ix_sms_outbox_phone_sent", "phone_key", "sent_at"),
        sa.Index("ix_sms_outbox_message_id", "message_id"),
    )
