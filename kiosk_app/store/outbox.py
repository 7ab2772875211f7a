"""Appending events to the outbox, in the transaction of the change itself."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Connection, Table, bindparam, insert
from sqlalchemy.dialects import sqlite

from kiosk_app.store.fast_sql import RawStatement
from kiosk_app.store.models import OutboxRow

_T = cast(Table, OutboxRow.__table__)
_COLUMNS = ("idempotency_key", "kind", "booking_code", "payload", "created_at", "attempts")
_INSERT = insert(_T).values({c: bindparam(c, type_=_T.c[c].type) for c in _COLUMNS})
_RAW_INSERT = RawStatement(_INSERT, sqlite.dialect())


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
        _RAW_INSERT.execute(conn, values)
    else:
        conn.execute(_INSERT, values)
    return key
