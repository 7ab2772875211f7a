"""Staff users (staff_users): accounts, their secret hash, failed sign-ins."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, insert, select, update
from sqlalchemy.exc import IntegrityError

from kiosk_app.domain.staff import Role, SignInRecord
from kiosk_app.store.errors import is_duplicate
from kiosk_app.store.tables import staff_users
from server_sync.kernel.lockout import LockoutRule
from server_sync.store import lockout_sql


class UserExists(Exception):
    pass


def add_user(conn: Connection, username: str, full_name: str, role: Role, secret_hash: str) -> None:
    """Add an account; UserExists when the username is taken (told by the primary
    key, inside a savepoint so the caller's transaction goes on)."""
    try:
        with conn.begin_nested():
            conn.execute(
                insert(staff_users).values(
                    username=username,
                    full_name=full_name,
                    role=role.value,
                    secret_hash=secret_hash,
                    failed_attempts=0,
                    locked_until=None,
                    active=True,
                )
            )
    except IntegrityError as exc:
        # the only key of staff_users is its primary key, so any duplicate is the username
        if is_duplicate(exc, "pk_staff_users") is False:
            raise
        raise UserExists(username) from None


def get_user(conn: Connection, username: str) -> tuple[SignInRecord, str] | None:
    """The user's sign-in record and secret hash, or None."""
    r = conn.execute(select(staff_users).where(staff_users.c.username == username)).first()
    if r is None:
        return None
    record = SignInRecord(
        r.username, r.full_name, Role(r.role), r.failed_attempts, r.locked_until, r.active
    )
    return record, r.secret_hash


def set_secret(conn: Connection, username: str, secret_hash: str) -> None:
    conn.execute(
        update(staff_users)
        .where(staff_users.c.username == username)
        .values(secret_hash=secret_hash)
    )


def claim_sign_in(
    conn: Connection, username: str, now: datetime, rule: LockoutRule
) -> tuple[str, int, datetime | None] | None:
    """Count one attempt of an active user as failed and lock at the threshold, in one
    statement (`lockout_sql.claim`): `(secret hash, failures, locked_until)`, or None
    when the user is unknown, inactive or locked now (nothing is then evaluated)."""
    u = staff_users.c
    row = lockout_sql.claim(
        conn,
        staff_users,
        (u.username == username) & u.active.is_(True),
        failures=u.failed_attempts,
        locked=u.locked_until,
        now=now,
        rule=rule,
        returning=(u.secret_hash, u.failed_attempts, u.locked_until),
    )
    return None if row is None else (row.secret_hash, int(row.failed_attempts), row.locked_until)


def clear_failures(conn: Connection, username: str, seen: int) -> bool:
    """A right secret: clear the count, unless another attempt came in meanwhile."""
    u = staff_users.c
    return lockout_sql.clear(
        conn,
        staff_users,
        u.username == username,
        failures=u.failed_attempts,
        locked=u.locked_until,
        seen=seen,
    )


def unlock(conn: Connection, username: str) -> bool:
    result = conn.execute(
        update(staff_users)
        .where(staff_users.c.username == username)
        .values(failed_attempts=0, locked_until=None)
    )
    return bool(result.rowcount == 1)


def list_users(conn: Connection) -> list[SignInRecord]:
    rows = conn.execute(select(staff_users).order_by(staff_users.c.username))
    return [
        SignInRecord(
            r.username, r.full_name, Role(r.role), r.failed_attempts, r.locked_until, r.active
        )
        for r in rows
    ]
