"""IT users of the central service's IT pages: argon2 password hashes, the shared
time-based lock-out after wrong passwords (`asan-queue it unlock` or a new password
opens it early), an audit line on `asanq.audit`, and signed session cookies (HMAC
with the service's secret key)."""

from __future__ import annotations

import contextlib
import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Engine

from server_sync.kernel.lockout import LockoutRule, seconds_left
from server_sync.kernel.signed_cookie import cookie_user, make_cookie
from server_sync.store import lockout_sql
from server_sync.store.sync_models import it_users

audit = logging.getLogger("asanq.audit")

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
                    "locked_until": None,
                    "disabled_at": None,
                },
            )
        )


@dataclass(frozen=True)
class SignInResult:
    """What an IT sign-in came to: `ok`, or refused; `locked_for_s` > 0 while locked."""

    ok: bool
    locked_for_s: int = 0


def check_password(
    engine: Engine, username: str, password: str, rule: LockoutRule, now: datetime
) -> SignInResult:
    """Sign an IT user in under the lock-out rule (`server_sync.kernel.lockout`).

    The attempt is counted and the lock set in one conditional UPDATE before the
    password is evaluated (`lockout_sql.claim`), so a burst of parallel guesses has at
    most `rule.threshold` passwords evaluated; a locked user's password is not
    evaluated at all, and the lock ends by itself (15 min, then doubling)."""
    claim, left = _claim(engine, username, rule, now)
    if claim is None:
        with contextlib.suppress(VerificationError):
            _HASHER.verify(_DUMMY, password)
        if left:
            audit.warning("IT sign-in refused: %s is locked for %d s", username[:64], left)
        return SignInResult(False, left)
    u = it_users.c
    try:
        _HASHER.verify(claim.password_hash, password)
    except (VerificationError, InvalidHashError):
        left = seconds_left(claim.locked_until, now)
        if left and claim.failed_attempts == rule.threshold:
            audit.warning(
                "IT user %s locked after %d wrong passwords", username[:64], claim.failed_attempts
            )
        elif left:
            audit.warning("IT user %s locked again (%d failures)", username, claim.failed_attempts)
        return SignInResult(False, left)
    with engine.begin() as conn:
        cleared = lockout_sql.clear(
            conn,
            it_users,
            u.username == username,
            failures=u.failed_attempts,
            locked=u.locked_until,
            seen=claim.failed_attempts,
        )
    if not cleared:  # other attempts came in meanwhile: the right one waits its turn
        left = _locked_for(engine, username, now)
        return SignInResult(False, left)
    audit.info("IT user %s signed in", username)
    return SignInResult(True)


def _claim(
    engine: Engine, username: str, rule: LockoutRule, now: datetime
) -> tuple[sa.Row[Any] | None, int]:
    """Claim one attempt: `(row, 0)`, or `(None, seconds locked)`; `(None, 0)` for an
    unknown or disabled user. A claim refused by a lock that a right password lifted
    a moment later is claimed again, so it is counted and evaluated, never answered
    "wrong password" unevaluated."""
    u = it_users.c
    for _ in range(3):
        with engine.begin() as conn:
            claim = lockout_sql.claim(
                conn,
                it_users,
                (u.username == username) & u.disabled_at.is_(None),
                failures=u.failed_attempts,
                locked=u.locked_until,
                now=now,
                rule=rule,
                returning=(u.password_hash, u.failed_attempts, u.locked_until),
            )
            if claim is not None:
                return claim, 0
            state = conn.execute(
                sa.select(u.locked_until).where((u.username == username) & u.disabled_at.is_(None))
            ).first()
        if state is None:
            return None, 0
        left = seconds_left(state.locked_until, now)
        if left:
            return None, left
    return None, rule.base_minutes * 60


def _locked_for(engine: Engine, username: str, now: datetime) -> int:
    u = it_users.c
    with engine.connect() as conn:
        until = conn.execute(sa.select(u.locked_until).where(u.username == username)).scalar()
        conn.commit()
    return seconds_left(until, now)


def unlock(engine: Engine, username: str) -> bool:
    """Open a locked IT user without changing the password; False when unknown."""
    u = it_users.c
    with engine.begin() as conn:
        result = conn.execute(
            it_users.update()
            .where(u.username == username)
            .values(failed_attempts=0, locked_until=None)
        )
    if result.rowcount:
        audit.warning("IT user %s unlocked", username)
    return bool(result.rowcount)


_PURPOSE = "it-session"


def session_cookie(secret: str, username: str, expires: int) -> str:
    return make_cookie(secret, _PURPOSE, username, expires)


def session_user(secret: str, cookie: str | None, now_epoch: int) -> str | None:
    """The signed-in user of a session cookie, or None (missing, forged, expired)."""
    return cookie_user(secret, _PURPOSE, cookie, now_epoch)
