"""Opening the central store: one engine per process, SQLite or PostgreSQL.

SQLite transactions start with `BEGIN IMMEDIATE`, so a transaction holds the
write lock from its first statement: two bookings never interleave, and no
transaction dies half-way with "database is locked" when it upgrades from
reading to writing. PostgreSQL runs at READ COMMITTED and relies on row locks
taken by conditional UPDATEs (see `repositories.reserve_place`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine, make_url


def normalise_url(url: str) -> str:
    """Accept `postgresql://` and `postgres://` as the psycopg 3 driver."""
    parsed = make_url(url)
    if parsed.drivername in {"postgresql", "postgres"}:
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed.render_as_string(hide_password=False)


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"


def create_store_engine(url: str, pool_size: int = 10) -> Engine:
    """An engine for `url`; creates the SQLite file's folder if needed."""
    url = normalise_url(url)
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return _sqlite_engine(url, parsed.database)
    parsed, connect_args = _psycopg_options(parsed)
    return sa.create_engine(
        parsed,
        pool_size=pool_size,
        max_overflow=pool_size * 2,
        pool_recycle=1800,  # no pre-ping: it costs a round trip on every booking
        connect_args=connect_args,
    )


def _psycopg_options(parsed: sa.URL) -> tuple[sa.URL, dict[str, Any]]:
    """`?prepare_threshold=none` in the URL: psycopg never prepares statements on the
    server. Needed behind PgBouncer in transaction mode (before 1.21), where the next
    transaction may run on another server connection (docs/install.md)."""
    value = parsed.query.get("prepare_threshold")
    if value is None:
        return parsed, {}
    text = value if isinstance(value, str) else value[-1]
    threshold = None if text.lower() in ("none", "off", "") else int(text)
    return parsed.difference_update_query(["prepare_threshold"]), {"prepare_threshold": threshold}


def _sqlite_engine(url: str, database: str | None) -> Engine:
    if database and database != ":memory:" and not database.startswith("file:"):
        Path(database).parent.mkdir(parents=True, exist_ok=True)
    engine = sa.create_engine(
        url,
        connect_args={"check_same_thread": False, "timeout": 30},
        pool_size=8,
        max_overflow=32,
    )

    @sa.event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we issue BEGIN ourselves
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @sa.event.listens_for(engine, "begin")
    def _on_begin(connection: sa.Connection) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")

    return engine
