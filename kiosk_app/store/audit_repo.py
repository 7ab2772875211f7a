"""The audit trail (audit_log): who did what, when; never personal data in clear."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, insert, select

from kiosk_app.store.tables import audit_log


def audit(
    conn: Connection,
    at: datetime,
    username: str | None,
    action: str,
    ticket_id: int | None = None,
    **details: Any,
) -> None:
    """One row of who did what (never personal data in clear: callers mask it)."""
    conn.execute(
        insert(audit_log).values(
            at=at, username=username, action=action, ticket_id=ticket_id, details=details
        )
    )


def audit_rows(conn: Connection, limit: int = 100) -> list[dict[str, Any]]:
    rows = conn.execute(select(audit_log).order_by(audit_log.c.id.desc()).limit(limit))
    return [dict(r._mapping) for r in rows]
