"""Staff users (staff_users): accounts, their secret hash, failed sign-ins."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, insert, select, update
from sqlalchemy.exc import IntegrityError

from kiosk_app.domain.staff import Role, SignInRecord
from kiosk_app.store.errors import is_duplicate
from kiosk_app.store.tables import staff_users


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


def set_failures(
    conn: Connection, username: str, failed_attempts: int, locked_until: datetime | None
) -> None:
    conn.execute(
        update(staff_users)
        .where(staff_users.c.username == username)
        .values(failed_attempts=failed_attempts, locked_until=locked_until)
    )


def list_users(conn: Connection) -> list[SignInRecord]:
    rows = conn.execute(select(staff_users).order_by(staff_users.c.username))
    return [
        SignInRecord(
            r.username, r.full_name, Role(r.role), r.failed_attempts, r.locked_until, r.active
        )
        for r in rows
    ]
