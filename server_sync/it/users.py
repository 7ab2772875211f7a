"""IT users of the central service's IT pages: argon2 password hashes, a lock
after too many wrong passwords (reset by setting the password again), and
signed session cookies (HMAC with the service's secret key)."""

from __future__ import annotations

import contextlib
import hashlib
import hmac
from datetime import datetime

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Engine

from server_sync.store.sync_models import it_users

_HASHER = PasswordHasher()
# Verifying against this keeps the answer time the same for unknown users.
_DUMMY = _HASHER.hash("not-a-real-password")
MIN_PASSWORD = 10


class WeakPassword(ValueError):
    pass


def set_password(engine: Engine, username: str, password: str, now: datetime) -> None:
    """Create the IT user or give it a new password (and unlock it)."""
    if len(password) < MIN_PASSWORD:
        raise WeakPassword(f"the password needs at least {MIN_PASSWORD} characters")
    values = {"username": username, "password_hash": _HASHER.hash(password), "created_at": now}
    with engine.begin() as conn:
        insert = pg_insert if conn.dialect.name == "postgresql" else sqlite_insert
        stmt = insert(it_users).values(**values, failed_attempts=0)
        conn.execute(
            stmt.on_conflict_do_update(
                index_elements=[it_users.c.username],
                set_={
                    "password_hash": values["password_hash"],
                    "failed_attempts": 0,
                    "disabled_at": None,
                },
            )
        )


def check_password(engine: Engine, username: str, password: str, max_failed: int) -> bool:
    """True for the right password of an active, unlocked user; counts failures."""
    u = it_users.c
    with engine.connect() as conn:
        row = conn.execute(sa.select(it_users).where(u.username == username)).first()
        conn.commit()
    if row is None or row.disabled_at is not None or row.failed_attempts >= max_failed:
        with contextlib.suppress(VerificationError):
            _HASHER.verify(_DUMMY, password)
        return False
    try:
        _HASHER.verify(row.password_hash, password)
    except (VerificationError, InvalidHashError):
        with engine.begin() as conn:
            conn.execute(
                it_users.update()
                .where(u.username == username)
                .values(failed_attempts=u.failed_attempts + 1)
            )
        return False
    if row.failed_attempts:
        with engine.begin() as conn:
            conn.execute(it_users.update().where(u.username == username).values(failed_attempts=0))
    return True


def _signature(secret: str, username: str, expires: int) -> str:
    message = f"it-session|{username}|{expires}".encode()
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def session_cookie(secret: str, username: str, expires: int) -> str:
    return f"{username}|{expires}|{_signature(secret, username, expires)}"


def session_user(secret: str, cookie: str | None, now_epoch: int) -> str | None:
    """The signed-in user of a session cookie, or None (missing, forged, expired)."""
    if not cookie or cookie.count("|") != 2:
        return None
    username, expires_text, signature = cookie.split("|")
    if not expires_text.isdigit() or int(expires_text) < now_epoch:
        return None
    expected = _signature(secret, username, int(expires_text))
    return username if hmac.compare_digest(expected, signature) else None
