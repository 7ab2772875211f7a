"""The centre's guess counters (guess_counters): the kiosk exit PIN's failures and
lock, and the unknown order codes of a kiosk in its current window. The statements
are the shared ones of `server_sync.store.lockout_sql`."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, select

from kiosk_app.store.dialects import upsert
from kiosk_app.store.tables import guess_counters
from server_sync.kernel.lockout import LockoutRule
from server_sync.store import lockout_sql

g = guess_counters.c


def _ensure(conn: Connection, subject: str, now: datetime) -> None:
    ins = upsert(conn.dialect.name, guess_counters).values(
        subject=subject, failures=0, window_started_at=now, locked_until=None
    )
    conn.execute(ins.on_conflict_do_nothing(index_elements=[g.subject]))


def claim_pin(
    conn: Connection, subject: str, now: datetime, rule: LockoutRule
) -> tuple[int, datetime | None] | None:
    """Count one PIN attempt as failed and lock at the threshold; None while locked."""
    _ensure(conn, subject, now)
    row = lockout_sql.claim(
        conn,
        guess_counters,
        g.subject == subject,
        failures=g.failures,
        locked=g.locked_until,
        now=now,
        rule=rule,
        returning=(g.failures, g.locked_until),
    )
    return None if row is None else (int(row.failures), row.locked_until)


def clear_pin(conn: Connection, subject: str, seen: int) -> bool:
    return lockout_sql.clear(
        conn,
        guess_counters,
        g.subject == subject,
        failures=g.failures,
        locked=g.locked_until,
        seen=seen,
    )


def locked_until(conn: Connection, subject: str) -> datetime | None:
    found: datetime | None = conn.execute(
        select(g.locked_until).where(g.subject == subject)
    ).scalar()
    return found


def claim_code(
    conn: Connection, subject: str, now: datetime, limit: int, window_minutes: int
) -> tuple[int, datetime] | None:
    """Count one order code in the window; None when `limit` were counted already.
    (The kiosk's counter row is made by its first code: one statement after that.)"""
    for _ in range(2):
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
        if row is not None:
            return int(row.failures), row.window_started_at
        if window_of(conn, subject) is not None:
            return None  # the row is there: over the limit
        _ensure(conn, subject, now)
    return None


def give_back_code(conn: Connection, subject: str, window: datetime) -> None:
    lockout_sql.give_back(
        conn,
        guess_counters,
        g.subject == subject,
        count=g.failures,
        started=g.window_started_at,
        window=window,
    )


def counted(conn: Connection, subject: str) -> tuple[int, datetime] | None:
    """`(count, window start)` of the subject's counter, or None before its first try."""
    row = conn.execute(select(g.failures, g.window_started_at).where(g.subject == subject)).first()
    return None if row is None else (int(row.failures), row.window_started_at)


def window_of(conn: Connection, subject: str) -> datetime | None:
    found: datetime | None = conn.execute(
        select(g.window_started_at).where(g.subject == subject)
    ).scalar()
    return found


def set_alert_until(conn: Connection, subject: str, until: datetime) -> None:
    """For the code counters, `locked_until` says until when staff see the alert."""
    conn.execute(guess_counters.update().where(g.subject == subject).values(locked_until=until))


def alerts_until(conn: Connection, prefix: str) -> dict[str, datetime]:
    """Subject → alert end of the counters whose subject starts with `prefix`."""
    rows = conn.execute(
        select(g.subject, g.locked_until).where(
            g.subject.startswith(prefix) & g.locked_until.is_not(None)
        )
    )
    return {r.subject[len(prefix) :]: r.locked_until for r in rows}
