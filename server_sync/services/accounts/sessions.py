"""Server-side sessions of signed-in citizens.

The session id is 32 random bytes handed to the browser in a cookie (or to an API
client as a bearer token); the store keeps only its keyed hash, so a leaked table
opens no session. A session ends after `accounts.session_idle_minutes` without use
and in any case `accounts.session_hours` after sign-in.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from server_sync.config import AccountSettings
from server_sync.domain.confirmation import keyed_hash
from server_sync.kernel.clock import Clock
from server_sync.store import account_sql

#: Writes of `last_seen_at` are spared for requests closer together than this.
TOUCH_EVERY = timedelta(seconds=60)


@dataclass(frozen=True)
class SessionInfo:
    citizen_id: int
    key: str  # the keyed hash of the id: names the session in the store and in CSRF tokens
    kind: str


class Sessions:
    def __init__(
        self, engine: Engine, settings: AccountSettings, secret: str, clock: Clock
    ) -> None:
        self._engine = engine
        self._settings = settings
        self._secret = secret
        self._clock = clock

    def csrf_token(self, browser: str, session_key: str | None) -> str:
        """The form token of this browser's CSRF cookie and session: a signed double
        submit (HMAC, so a cookie planted by a neighbour site is useless without it)."""
        return keyed_hash(self._secret, "csrf", browser, session_key or "")[:40]

    def key_of(self, token: str) -> str:
        return keyed_hash(self._secret, "session", token)

    def open(self, conn: sa.Connection, citizen_id: int, kind: str) -> str:
        """A new session (in the caller's transaction); returns its token."""
        token = secrets.token_urlsafe(32)
        now = self._clock.now()
        account_sql.insert_session(
            conn,
            {
                "id_hash": self.key_of(token),
                "citizen_id": citizen_id,
                "kind": kind,
                "created_at": now,
                "last_seen_at": now,
                "expires_at": now + timedelta(hours=self._settings.session_hours),
            },
        )
        return token

    def resolve(self, token: str | None, kind: str) -> SessionInfo | None:
        """The live session of `token`, or None (unknown, expired, idle too long)."""
        if not token or len(token) > 100:
            return None
        key = self.key_of(token)
        now = self._clock.now()
        with self._engine.connect() as conn:
            row = account_sql.find_session(conn, key)
            conn.commit()
        if row is None or row.kind != kind:
            return None
        idle = timedelta(minutes=self._settings.session_idle_minutes)
        if now >= row.expires_at or now - row.last_seen_at >= idle:
            with self._engine.begin() as conn:
                account_sql.delete_session(conn, key)
            return None
        if now - row.last_seen_at >= TOUCH_EVERY:
            with self._engine.begin() as conn:
                account_sql.touch_session(conn, key, now)
        return SessionInfo(int(row.citizen_id), key, kind)

    def close(self, key: str) -> None:
        with self._engine.begin() as conn:
            account_sql.delete_session(conn, key)

    def close_others(self, conn: sa.Connection, citizen_id: int, keep: str | None) -> None:
        account_sql.delete_sessions_of(conn, citizen_id, keep)
