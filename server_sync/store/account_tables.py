"""Tables of citizen accounts (seed 004), beside the booking tables in the central store.

A citizen's secrets are argon2id hashes (password, secret answer); the FIN is kept
only as a keyed hash (`fin_key`: one account per person, nothing to leak); sessions,
activation/reset codes and used captchas are keyed hashes too. Times are UTC.
"""

from __future__ import annotations

import sqlalchemy as sa

from server_sync.store.tables import UtcDateTime, metadata

citizens = sa.Table(
    "citizens",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("login", sa.String(32), nullable=False),
    sa.Column("login_key", sa.String(32), nullable=False, unique=True),
    sa.Column("password_hash", sa.String(200), nullable=False),
    sa.Column("fin_key", sa.String(64), nullable=False, unique=True),
    sa.Column("id_document", sa.String(16), nullable=False),
    sa.Column("first_name", sa.String(80), nullable=False),
    sa.Column("last_name", sa.String(80), nullable=False),
    sa.Column("father_name", sa.String(80), nullable=False),
    sa.Column("birth_date", sa.Date, nullable=False),
    sa.Column("phone", sa.String(16), nullable=False),
    sa.Column("email", sa.String(254), nullable=False),
    sa.Column("address", sa.String(200), nullable=False),
    sa.Column("secret_question", sa.String(40), nullable=False),
    sa.Column("secret_answer_hash", sa.String(200), nullable=False),
    sa.Column("proof_mobile", sa.String(16)),
    sa.Column("language", sa.String(2), nullable=False, server_default="az"),
    sa.Column("activation_channel", sa.String(8)),
    sa.Column("activated_at", UtcDateTime),
    sa.Column("failed_sign_ins", sa.Integer, nullable=False, server_default="0"),
    sa.Column("locked_until", UtcDateTime),
    sa.Column("keep_account", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.Column("last_sign_in_at", UtcDateTime),
    sa.Column("last_active_at", UtcDateTime, nullable=False),
)

citizen_sessions = sa.Table(
    "citizen_sessions",
    metadata,
    sa.Column("id_hash", sa.String(64), primary_key=True),
    sa.Column(
        "citizen_id",
        sa.Integer,
        sa.ForeignKey("citizens.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    sa.Column("kind", sa.String(8), nullable=False),
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.Column("last_seen_at", UtcDateTime, nullable=False),
    sa.Column("expires_at", UtcDateTime, nullable=False, index=True),
)

account_codes = sa.Table(
    "account_codes",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column(
        "citizen_id",
        sa.Integer,
        sa.ForeignKey("citizens.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    sa.Column("purpose", sa.String(16), nullable=False),
    sa.Column("channel", sa.String(8), nullable=False),
    sa.Column("code_hash", sa.String(64), nullable=False),
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.Column("expires_at", UtcDateTime, nullable=False),
    sa.Column("tries", sa.Integer, nullable=False, server_default="0"),
    sa.Column("used_at", UtcDateTime),
)

captcha_uses = sa.Table(
    "captcha_uses",
    metadata,
    sa.Column("token_hash", sa.String(64), primary_key=True),
    sa.Column("used_at", UtcDateTime, nullable=False, index=True),
)

rate_events = sa.Table(
    "rate_events",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("kind", sa.String(24), nullable=False),
    sa.Column("key_hash", sa.String(64), nullable=False),
    sa.Column("at", UtcDateTime, nullable=False),
    sa.Index("ix_rate_events_kind_key_at", "kind", "key_hash", "at"),
)

demo_citizens = sa.Table(
    "demo_citizens",
    metadata,
    sa.Column("id_document", sa.String(16), primary_key=True),
    sa.Column("fin", sa.String(7), nullable=False),
    sa.Column("first_name", sa.String(80), nullable=False),
    sa.Column("last_name", sa.String(80), nullable=False),
    sa.Column("father_name", sa.String(80), nullable=False),
    sa.Column("birth_date", sa.Date, nullable=False),
    sa.Column("driving_licence", sa.String(16)),
    sa.Column("mobile", sa.String(16)),
    sa.Column("social_insurance", sa.String(16)),
    sa.Column("passport", sa.String(16)),
)

ACCOUNT_TABLES = (
    citizens,
    citizen_sessions,
    account_codes,
    captcha_uses,
    rate_events,
    demo_citizens,
)
