"""Statements of the citizen accounts, one small function each, inside the caller's
transaction.

The sign-in lock-out is one conditional UPDATE (`claim_sign_in`): it counts the
attempt as a failure and sets `locked_until` (growing back-off, as a CASE over the
schedule) in the same statement, and only on a row that is not locked now. A row
it does not return is locked, so its password is never evaluated. A right password
then clears the count with `clear_failures`, only if no other attempt was claimed
meanwhile (the count is still the one this attempt saw).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from server_sync.kernel.lockout import LockoutRule
from server_sync.store import lockout_sql
from server_sync.store.account_tables import (
    account_codes,
    captcha_uses,
    citizen_sessions,
    citizens,
    demo_citizens,
    rate_events,
)
from server_sync.store.reception_tables import reception_requests
from server_sync.store.tables import UtcDateTime, bookings

Row = sa.Row[Any]
c = citizens.c


def _at(moment: datetime) -> sa.BindParameter[datetime]:
    return sa.bindparam(None, moment, type_=UtcDateTime)


# --- citizens ---------------------------------------------------------------


def insert_citizen(conn: sa.Connection, values: Mapping[str, Any]) -> int:
    return int(conn.execute(citizens.insert().values(**values).returning(c.id)).scalar_one())


def drop_unactivated(conn: sa.Connection, fin_key: str, login_key: str) -> None:
    """A person starting over: their unfinished registration (and the login it held)."""
    conn.execute(
        citizens.delete().where(
            ((c.fin_key == fin_key) | (c.login_key == login_key)) & c.activated_at.is_(None)
        )
    )


def find_citizen(conn: sa.Connection, citizen_id: int) -> Row | None:
    return conn.execute(sa.select(citizens).where(c.id == citizen_id)).first()


def find_by_login(conn: sa.Connection, login_key: str) -> Row | None:
    return conn.execute(sa.select(citizens).where(c.login_key == login_key)).first()


def fin_taken(conn: sa.Connection, fin_key: str) -> bool:
    found = conn.execute(
        sa.select(c.id).where((c.fin_key == fin_key) & c.activated_at.is_not(None))
    ).first()
    return found is not None


def login_taken(conn: sa.Connection, login_key: str) -> bool:
    found = conn.execute(
        sa.select(c.id).where((c.login_key == login_key) & c.activated_at.is_not(None))
    ).first()
    return found is not None


def update_citizen(conn: sa.Connection, citizen_id: int, values: Mapping[str, Any]) -> bool:
    result = conn.execute(citizens.update().where(c.id == citizen_id).values(**values))
    return bool(result.rowcount == 1)


def activate(conn: sa.Connection, citizen_id: int, channel: str, now: datetime) -> bool:
    result = conn.execute(
        citizens.update()
        .where((c.id == citizen_id) & c.activated_at.is_(None))
        .values(activated_at=now, activation_channel=channel, last_active_at=now)
    )
    return bool(result.rowcount == 1)


def delete_citizen(conn: sa.Connection, citizen_id: int) -> None:
    """The account and, by cascade, its sessions and codes; its bookings stay (their
    personal data follow the bookings' own retention) without the link."""
    conn.execute(
        bookings.update().where(bookings.c.citizen_id == citizen_id).values(citizen_id=None)
    )
    conn.execute(
        reception_requests.update()
        .where(reception_requests.c.citizen_id == citizen_id)
        .values(citizen_id=None)
    )
    conn.execute(citizen_sessions.delete().where(citizen_sessions.c.citizen_id == citizen_id))
    conn.execute(account_codes.delete().where(account_codes.c.citizen_id == citizen_id))
    conn.execute(citizens.delete().where(c.id == citizen_id))


# --- sign-in lock-out -----------------------------------------------------------


def claim_sign_in(
    conn: sa.Connection, login_key: str, now: datetime, rule: LockoutRule
) -> Row | None:
    """Count one attempt (as failed until proven right) and lock at the threshold, in
    one statement; None when there is no such login or it is locked now."""
    return lockout_sql.claim(
        conn,
        citizens,
        c.login_key == login_key,
        failures=c.failed_sign_ins,
        locked=c.locked_until,
        now=now,
        rule=rule,
        returning=(c.id, c.password_hash, c.failed_sign_ins, c.activated_at, c.language),
    )


def clear_failures(conn: sa.Connection, citizen_id: int, seen: int, now: datetime) -> bool:
    """A right password: clear the count, unless another attempt came in meanwhile."""
    return lockout_sql.clear(
        conn,
        citizens,
        c.id == citizen_id,
        failures=c.failed_sign_ins,
        locked=c.locked_until,
        seen=seen,
        extra={"last_sign_in_at": now, "last_active_at": now},
    )


def lock_state(conn: sa.Connection, login_key: str) -> Row | None:
    return conn.execute(
        sa.select(c.id, c.failed_sign_ins, c.locked_until).where(c.login_key == login_key)
    ).first()


# --- sessions ---------------------------------------------------------------------

s = citizen_sessions.c


def insert_session(conn: sa.Connection, values: Mapping[str, Any]) -> None:
    conn.execute(citizen_sessions.insert().values(**values))


def find_session(conn: sa.Connection, id_hash: str) -> Row | None:
    return conn.execute(sa.select(citizen_sessions).where(s.id_hash == id_hash)).first()


def touch_session(conn: sa.Connection, id_hash: str, now: datetime) -> None:
    conn.execute(citizen_sessions.update().where(s.id_hash == id_hash).values(last_seen_at=now))
    conn.execute(
        citizens.update()
        .where(c.id == sa.select(s.citizen_id).where(s.id_hash == id_hash).scalar_subquery())
        .values(last_active_at=now)
    )


def delete_session(conn: sa.Connection, id_hash: str) -> None:
    conn.execute(citizen_sessions.delete().where(s.id_hash == id_hash))


def delete_sessions_of(conn: sa.Connection, citizen_id: int, keep: str | None = None) -> None:
    where = s.citizen_id == citizen_id
    if keep is not None:
        where = where & (s.id_hash != keep)
    conn.execute(citizen_sessions.delete().where(where))


# --- activation and reset codes ------------------------------------------------------

k = account_codes.c


def insert_code(conn: sa.Connection, values: Mapping[str, Any]) -> None:
    conn.execute(account_codes.insert().values(**values))


def latest_code(conn: sa.Connection, citizen_id: int, purpose: str) -> Row | None:
    return conn.execute(
        sa.select(account_codes)
        .where((k.citizen_id == citizen_id) & (k.purpose == purpose))
        .order_by(k.id.desc())
        .limit(1)
    ).first()


def codes_since(conn: sa.Connection, citizen_id: int, since: datetime) -> int:
    return int(
        conn.execute(
            sa.select(sa.func.count()).where((k.citizen_id == citizen_id) & (k.created_at >= since))
        ).scalar_one()
    )


def count_code_try(conn: sa.Connection, code_id: int) -> None:
    conn.execute(account_codes.update().where(k.id == code_id).values(tries=k.tries + 1))


def use_code(conn: sa.Connection, code_id: int, max_tries: int, now: datetime) -> bool:
    result = conn.execute(
        account_codes.update()
        .where((k.id == code_id) & k.used_at.is_(None) & (k.tries < max_tries))
        .values(used_at=now)
    )
    return bool(result.rowcount == 1)


# --- captchas and rate events ----------------------------------------------------------


def captcha_used(conn: sa.Connection, token_hash: str) -> bool:
    row = conn.execute(
        sa.select(captcha_uses.c.token_hash).where(captcha_uses.c.token_hash == token_hash)
    ).first()
    return row is not None


def use_captcha(conn: sa.Connection, token_hash: str, now: datetime) -> bool:
    """Mark the captcha used; False when it already was (its primary key says so)."""
    if captcha_used(conn, token_hash):
        return False
    try:
        with conn.begin_nested():
            conn.execute(captcha_uses.insert().values(token_hash=token_hash, used_at=now))
    except sa.exc.IntegrityError:
        return False
    return True


def record_event(conn: sa.Connection, kind: str, key_hash: str, now: datetime) -> None:
    conn.execute(rate_events.insert().values(kind=kind, key_hash=key_hash, at=now))


def events_since(conn: sa.Connection, kind: str, key_hash: str, since: datetime) -> int:
    r = rate_events.c
    return int(
        conn.execute(
            sa.select(sa.func.count()).where(
                (r.kind == kind) & (r.key_hash == key_hash) & (r.at >= since)
            )
        ).scalar_one()
    )


# --- the demo registry's people ----------------------------------------------------------


def demo_person(conn: sa.Connection, id_document: str) -> Row | None:
    return conn.execute(
        sa.select(demo_citizens).where(demo_citizens.c.id_document == id_document)
    ).first()


def seed_demo_people(conn: sa.Connection, people: Sequence[Mapping[str, Any]]) -> int:
    """Insert the demo people not there yet; returns how many were added."""
    added = 0
    for person in people:
        if demo_person(conn, str(person["id_document"])) is None:
            conn.execute(demo_citizens.insert().values(**person))
            added += 1
    return added


# --- my bookings ---------------------------------------------------------------------------


def bookings_of(conn: sa.Connection, citizen_id: int, limit: int = 200) -> Sequence[Row]:
    b = bookings.c
    return conn.execute(
        sa.select(
            b.id,
            b.order_code,
            b.status,
            b.centre_id,
            b.service_id,
            b.day,
            b.start,
            b.email,
            b.created_at,
        )
        .where(b.citizen_id == citizen_id)
        .order_by(b.day.desc(), b.start.desc())
        .limit(limit)
    ).all()


def booking_of(conn: sa.Connection, citizen_id: int, order_code: str) -> Row | None:
    """The citizen's own booking with this order code (no one else's)."""
    b = bookings.c
    return conn.execute(
        sa.select(b.order_code, b.email).where(
            (b.citizen_id == citizen_id) & (b.order_code == order_code)
        )
    ).first()
