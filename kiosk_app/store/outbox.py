"""The outbox: events appended in the transaction of the change itself, read and
marked sent by the sync agent."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any

from sqlalchemy import Connection, bindparam, delete, func, insert, select, update

from kiosk_app.store.dialects import sqlite_dialect
from kiosk_app.store.fast_sql import RawStatement
from kiosk_app.store.tables import outbox, outbox_parked

_COLUMNS = ("idempotency_key", "kind", "booking_code", "payload", "created_at", "attempts")
_INSERT = insert(outbox).values({c: bindparam(c, type_=outbox.c[c].type) for c in _COLUMNS})


@cache
def _raw_insert() -> RawStatement:
    return RawStatement(_INSERT, sqlite_dialect())


def record_event(
    conn: Connection,
    kind: str,
    payload: dict[str, Any],
    at: datetime,
    *,
    booking_code: str | None = None,
    key: str | None = None,
) -> str:
    """Queue one event for the central service; returns its idempotency key."""
    key = key or uuid.uuid4().hex
    values = {
        "idempotency_key": key,
        "kind": kind,
        "booking_code": booking_code,
        "payload": {**payload, "at": at.isoformat()},
        "created_at": at,
        "attempts": 0,
    }
    if conn.dialect.name == "sqlite":
        _raw_insert().execute(conn, values)
    else:
        conn.execute(_INSERT, values)
    return key


@dataclass(frozen=True)
class OutboxEntry:
    key: str
    seq: int
    kind: str
    at: datetime
    booking_code: str | None
    payload: dict[str, Any]


# Keys per UPDATE: SQLite caps bound parameters.
_KEYS_PER_STATEMENT = 1000


def _not_parked() -> Any:
    return outbox.c.id.not_in(select(outbox_parked.c.outbox_id))


def unsent(conn: Connection, limit: int) -> list[OutboxEntry]:
    """The oldest events not sent yet and not parked, oldest first."""
    rows = conn.execute(
        select(outbox)
        .where(outbox.c.sent_at.is_(None) & _not_parked())
        .order_by(outbox.c.id)
        .limit(limit)
    )
    return [
        OutboxEntry(r.idempotency_key, r.id, r.kind, r.created_at, r.booking_code, r.payload)
        for r in rows
    ]


def mark_sent(conn: Connection, keys: Sequence[str], at: datetime) -> None:
    """Mark these events sent (those already marked keep their first time)."""
    for i in range(0, len(keys), _KEYS_PER_STATEMENT):
        conn.execute(
            update(outbox)
            .where(outbox.c.idempotency_key.in_(keys[i : i + _KEYS_PER_STATEMENT]))
            .where(outbox.c.sent_at.is_(None))
            .values(sent_at=at, attempts=outbox.c.attempts + 1)
        )


def backlog(conn: Connection) -> int:
    """How many events wait to be sent (parked ones are not waiting)."""
    query = (
        select(func.count()).select_from(outbox).where(outbox.c.sent_at.is_(None) & _not_parked())
    )
    return int(conn.execute(query).scalar_one())


# --- the dead letters ---------------------------------------------------------------


@dataclass(frozen=True)
class ParkedEvent:
    key: str
    seq: int
    kind: str
    status: int  # central's HTTP status; 0 when the centre itself could not send it
    reason: str
    parked_at: datetime
    dropped_at: datetime | None
    dropped_by: str | None
    booking_code: str | None = None


def park(conn: Connection, key: str, status: int, reason: str, at: datetime) -> bool:
    """Set one unsent event aside with central's reason; False if there is no such
    unsent event or it is parked already."""
    row = conn.execute(
        select(outbox.c.id, outbox.c.kind).where(
            (outbox.c.idempotency_key == key) & outbox.c.sent_at.is_(None) & _not_parked()
        )
    ).first()
    if row is None:
        return False
    conn.execute(
        insert(outbox_parked).values(
            outbox_id=row.id,
            idempotency_key=key,
            kind=row.kind,
            status=status,
            reason=reason[:500],
            parked_at=at,
        )
    )
    return True


def parked(
    conn: Connection, *, include_dropped: bool = False, limit: int = 1000
) -> list[ParkedEvent]:
    """Parked events, oldest first (dropped ones only when asked)."""
    p = outbox_parked.c
    query = (
        select(outbox_parked, outbox.c.booking_code)
        .join(outbox, outbox.c.id == p.outbox_id)
        .order_by(p.outbox_id)
        .limit(limit)
    )
    if not include_dropped:
        query = query.where(p.dropped_at.is_(None))
    return [
        ParkedEvent(
            r.idempotency_key,
            r.outbox_id,
            r.kind,
            r.status,
            r.reason,
            r.parked_at,
            r.dropped_at,
            r.dropped_by,
            r.booking_code,
        )
        for r in conn.execute(query)
    ]


def parked_count(conn: Connection) -> int:
    query = (
        select(func.count()).select_from(outbox_parked).where(outbox_parked.c.dropped_at.is_(None))
    )
    return int(conn.execute(query).scalar_one())


def find_parked(conn: Connection, key_prefix: str) -> list[ParkedEvent]:
    """Parked events whose key starts with `key_prefix` (IT types the first characters)."""
    return [e for e in parked(conn, include_dropped=True) if e.key.startswith(key_prefix)]


def release(conn: Connection, key: str) -> bool:
    """Send a parked event again: out of the dead letters, back in the outbox's order."""
    p = outbox_parked.c
    done = conn.execute(delete(outbox_parked).where(p.idempotency_key == key))
    return bool(done.rowcount)


def drop(conn: Connection, key: str, at: datetime, by: str) -> bool:
    """Never send this parked event (it stays parked, marked dropped, until pruned)."""
    p = outbox_parked.c
    done = conn.execute(
        update(outbox_parked)
        .where((p.idempotency_key == key) & p.dropped_at.is_(None))
        .values(dropped_at=at, dropped_by=by[:64])
    )
    return bool(done.rowcount)
