"""The running_config table: which config each running screen has loaded."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, delete, func, select

from kiosk_app.store.dialects import upsert
from kiosk_app.store.tables import running_config


def record_running(
    conn: Connection,
    process_id: str,
    kind: str,
    config_cursor: int,
    generation: int,
    at: datetime,
) -> None:
    """Insert or refresh this process's row (inside the caller's transaction)."""
    values = {
        "process_id": process_id[:96],
        "kind": kind[:16],
        "config_cursor": config_cursor,
        "generation": generation,
        "seen_at": at,
    }
    ins = upsert(conn.dialect.name, running_config).values(values)
    changed = {k: getattr(ins.excluded, k) for k in values if k != "process_id"}
    conn.execute(
        ins.on_conflict_do_update(index_elements=[running_config.c.process_id], set_=changed)
    )


def forget_running(conn: Connection, process_id: str) -> None:
    conn.execute(delete(running_config).where(running_config.c.process_id == process_id[:96]))


def oldest_running(conn: Connection, seen_since: datetime) -> int | None:
    """The lowest config cursor among processes seen since `seen_since`, or None."""
    value = conn.execute(
        select(func.min(running_config.c.config_cursor)).where(
            running_config.c.seen_at >= seen_since
        )
    ).scalar_one_or_none()
    return None if value is None else int(value)
