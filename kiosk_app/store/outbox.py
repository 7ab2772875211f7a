"""Appending events to the outbox, in the transaction of the change itself."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, insert

from kiosk_app.store.models import OutboxRow

_INSERT = insert(OutboxRow)


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
    conn.execute(
        _INSERT,
        {
            "idempotency_key": key,
            "kind": kind,
            "booking_code": booking_code,
            "payload": {**payload, "at": at.isoformat()},
            "created_at": at,
            "attempts": 0,
        },
    )
    return key
