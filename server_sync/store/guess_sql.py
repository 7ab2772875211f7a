"""The central store's guess counters (`guess_counters`): unknown order codes per
client address in a window of minutes, shared by every uvicorn worker. The
statements are the shared ones of `lockout_sql`."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa

from server_sync.store import lockout_sql
from server_sync.store.repositories import _insert_ignore
from server_sync.store.tables import guess_counters

g = guess_counters.c


def claim(
    conn: sa.Connection, subject: str, now: datetime, limit: int, window_minutes: int
) -> datetime | None:
    """Count one lookup in the subject's window; the window's start, or None when
    `limit` unknown codes were counted in it already."""
    _insert_ignore(
        conn, guess_counters, {"subject": subject, "failures": 0, "window_started_at": now}
    )
    row = lockout_sql.claim_in_window(
        conn,
        guess_counters,
        g.subject == subject,
        count=g.failures,
        started=g.window_started_at,
        now=now,
        limit=limit,
        window_minutes=window_minutes,
    )
    return None if row is None else row.window_started_at


def give_back(conn: sa.Connection, subject: str, window: datetime) -> None:
    lockout_sql.give_back(
        conn,
        guess_counters,
        g.subject == subject,
        count=g.failures,
        started=g.window_started_at,
        window=window,
    )


def window_of(conn: sa.Connection, subject: str) -> datetime | None:
    found: datetime | None = conn.execute(
        sa.select(g.window_started_at).where(g.subject == subject)
    ).scalar()
    return found


def prune(conn: sa.Connection, before: datetime) -> int:
    """Forget windows that started before `before` (housekeeping)."""
    return int(conn.execute(guess_counters.delete().where(g.window_started_at < before)).rowcount)
