"""Deleting old rows in small batches: each batch is its own short transaction over
at most `batch` rows picked by primary key, so no statement holds locks for long."""

from __future__ import annotations

import time
from collections.abc import Callable

import sqlalchemy as sa
from sqlalchemy.engine import Engine


def delete_in_batches(
    engine: Engine,
    table: sa.Table,
    condition: sa.ColumnElement[bool],
    *,
    batch: int,
    pause_s: float = 0.0,
    keep_going: Callable[[], bool] = lambda: True,
) -> int:
    """Delete every row of `table` matching `condition`, `batch` rows at a time,
    oldest id first; returns how many were deleted."""
    key = table.c.id
    total = 0
    while keep_going():
        with engine.begin() as conn:
            ids = conn.execute(sa.select(key).where(condition).order_by(key).limit(batch))
            chosen = list(ids.scalars())
            if chosen:
                conn.execute(table.delete().where(key.in_(chosen)))
        total += len(chosen)
        if len(chosen) < batch:
            return total
        if pause_s:
            time.sleep(pause_s)
    return total


def count_matching(engine: Engine, table: sa.Table, condition: sa.ColumnElement[bool]) -> int:
    with engine.connect() as conn:
        found = conn.execute(sa.select(sa.func.count()).select_from(table).where(condition))
        return int(found.scalar_one())
