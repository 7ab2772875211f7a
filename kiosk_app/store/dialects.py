"""`INSERT … ON CONFLICT` for the store's engine: PostgreSQL's or SQLite's.

Each dialect's module is imported only when a store of that kind is used
(PostgreSQL's pulls in its asyncio driver modules: ~40 ms of every start).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Table


def upsert(dialect: str, table: Table) -> Any:
    """The dialect's `insert(table)`, which has `on_conflict_do_update` and `excluded`."""
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        return pg_insert(table)
    from sqlalchemy.dialects.sqlite import insert as sqlite_insert

    return sqlite_insert(table)


def sqlite_dialect() -> Any:
    from sqlalchemy.dialects import sqlite

    return sqlite.dialect()
