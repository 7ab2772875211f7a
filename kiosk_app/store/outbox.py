"""The outbox: events appended in the transaction of the change itself, read and
marked sent by the sync agent."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any

from sqlalchemy import Connection, bindparam, func, insert, select, update

from kiosk_app.store.dialects import sqlite_dialect
from kiosk_app.store.fast_sql import RawStatement
from kiosk_app.store.tables import outbox

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


def unsent(conn: Connection, limit: int) -> list[OutboxEntry]:
    """The oldest events not sent yet, oldest first."""
    rows = conn.execute(
        select(outbox).where(outbox.c.sent_at.is_(None)).order_by(outbox.c.id).limit(limit)
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
    """How many events wait to be sent."""
    query = select(func.count()).select_from(outbox).where(outbox.c.sent_at.is_(None))
    return int(conn.execute(query).scalar_one())
