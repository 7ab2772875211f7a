"""Centre tokens: issued by IT, shown once, stored only as a SHA-256 hash.

A token is 256 random bits, so a plain hash is enough to make a stolen copy
of the table useless (a slow password hash would only slow every sync call).
Revoking stamps `revoked_at`; the next request with that token gets 401.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from server_sync.store.sync_models import sync_tokens

TOKEN_PREFIX = "asq1_"


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class TokenInfo:
    id: int
    centre_id: str
    label: str
    created_at: datetime
    revoked_at: datetime | None


def issue_token(engine: Engine, centre_id: str, now: datetime, label: str = "") -> str:
    """A new token for `centre_id` (other tokens of the centre stay valid)."""
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with engine.begin() as conn:
        conn.execute(
            sync_tokens.insert().values(
                centre_id=centre_id, token_hash=hash_token(token), label=label, created_at=now
            )
        )
    return token


def revoke_tokens(
    engine: Engine, centre_id: str, now: datetime, token_id: int | None = None
) -> int:
    """Revoke the centre's tokens (or just `token_id`); returns how many."""
    t = sync_tokens.c
    where = (t.centre_id == centre_id) & t.revoked_at.is_(None)
    if token_id is not None:
        where = where & (t.id == token_id)
    with engine.begin() as conn:
        return int(conn.execute(sync_tokens.update().where(where).values(revoked_at=now)).rowcount)


def list_tokens(engine: Engine) -> list[TokenInfo]:
    t = sync_tokens.c
    with engine.connect() as conn:
        rows = conn.execute(
            sa.select(t.id, t.centre_id, t.label, t.created_at, t.revoked_at).order_by(t.id)
        ).all()
    return [TokenInfo(*row) for row in rows]


def centre_for_token(conn: sa.Connection, token: str) -> str | None:
    """The centre a live token belongs to, or None."""
    t = sync_tokens.c
    found = conn.execute(
        sa.select(t.centre_id).where((t.token_hash == hash_token(token)) & t.revoked_at.is_(None))
    ).scalar()
    return None if found is None else str(found)
