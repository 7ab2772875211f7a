"""Staff users (staff_users): accounts, their secret hash, failed sign-ins."""

from __future__ import annotations

from datetime import datetime
from typing import cast

from sqlalchemy import Connection, Table, insert, select, update

from kiosk_app.domain.staff import Role, SignInRecord
from kiosk_app.store.models import StaffUserRow

_U = cast(Table, StaffUserRow.__table__)


class UserExists(Exception):
    pass


def add_user(conn: Connection, username: str, full_name: str, role: Role, secret_hash: str) -> None:
    if conn.execute(select(_U.c.username).where(_U.c.username == username)).first():
        raise UserExists(username)
    conn.execute(
        insert(_U).values(
            username=username,
            full_name=full_name,
            role=role.value,
            secret_hash=secret_hash,
            failed_attempts=0,
            locked_until=None,
            active=True,
        )
    )


def get_user(conn: Connection, username: str) -> tuple[SignInRecord, str] | None:
    """The user's sign-in record and secret hash, or None."""
    r = conn.execute(select(_U).where(_U.c.username == username)).first()
    if r is None:
        return None
    record = SignInRecord(
        r.username, r.full_name, Role(r.role), r.failed_attempts, r.locked_until, r.active
    )
    return record, r.secret_hash


def set_secret(conn: Connection, username: str, secret_hash: str) -> None:
    conn.execute(update(_U).where(_U.c.username == username).values(secret_hash=secret_hash))


def set_failures(
    conn: Connection, username: str, failed_attempts: int, locked_until: datetime | None
) -> None:
    conn.execute(
        update(_U)
        .where(_U.c.username == username)
        .values(failed_attempts=failed_attempts, locked_until=locked_until)
    )


def list_users(conn: Connection) -> list[SignInRecord]:
    rows = conn.execute(select(_U).order_by(_U.c.username))
    return [
        SignInRecord(
            r.username, r.full_name, Role(r.role), r.failed_attempts, r.locked_until, r.active
        )
        for r in rows
    ]
