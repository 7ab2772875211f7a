"""Engines for the centre store: SQLite (WAL, durable commits) or PostgreSQL.

SQLite notes: pysqlite's own transaction handling is switched off so that we
issue `BEGIN IMMEDIATE` ourselves. Write transactions therefore take the
database's write lock up front and queue on `busy_timeout` instead of failing
with "database is locked" when two kiosks issue a ticket at the same moment.
`synchronous=FULL` makes each commit durable: a power cut must never hand out a
ticket number twice.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, OperationalError

from server_sync.kernel.db_url import sqlite_file

BUSY_TIMEOUT_MS = 30_000


class StoreError(Exception):
    """The store cannot be used (unreachable, missing, corrupt); one clear line."""


def parse_url(url: str) -> URL:
    """The parsed URL, or StoreError saying it is not one."""
    try:
        return make_url(url)
    except ArgumentError:
        raise StoreError(f"not a database URL: {url!r} (try sqlite:///var/centre.db)") from None


def sqlite_path(url: str) -> Path | None:
    """The file behind a SQLite URL, or None for other engines and `:memory:`."""
    parse_url(url)  # a URL SQLAlchemy cannot read is an error, not "no file"
    database = sqlite_file(url)
    return Path(database) if database is not None else None


def make_engine(url: str, *, create_dirs: bool = False, **kwargs: Any) -> Engine:
    """An engine for `url`; SQLite files get WAL mode and our BEGIN handling."""
    parsed = parse_url(url)
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        path = sqlite_path(url)
        if path is not None and create_dirs:
            path.parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000}, **kwargs)
        _configure_sqlite(engine)
        return engine
    if backend == "postgresql":
        kwargs.setdefault("pool_pre_ping", True)
        kwargs.setdefault("connect_args", {"connect_timeout": 5})
        return create_engine(url, **kwargs)
    raise StoreError(f"unsupported database {backend!r}: use sqlite:/// or postgresql+psycopg://")


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: sqlite3.Connection, _record: object) -> None:
        dbapi_conn.isolation_level = None  # we send BEGIN ourselves
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=FULL")
        cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        mode = "IMMEDIATE" if conn.get_execution_options().get("write") else "DEFERRED"
        conn.exec_driver_sql(f"BEGIN {mode}")


@contextmanager
def write_tx(engine: Engine) -> Iterator[Connection]:
    """A transaction that will write: takes SQLite's write lock at BEGIN.

    On a SQLite file, writers first queue on an OS file lock beside the database.
    SQLite's own busy handler sleeps in steps of up to 100 ms while it waits,
    so with many kiosk processes most of the time went to sleeping; the kernel
    wakes a `flock` waiter the moment the lock is free.
    """
    gate = _writer_gate(engine)
    # The connection is checked out before queueing, so the lock is held only
    # for the transaction itself.
    with engine.connect().execution_options(write=True) as conn, gate, conn.begin():
        yield conn


class _WriterGate:
    """One writer at a time across threads (a mutex) and processes (flock)."""

    def __init__(self, lock_path: Path | None) -> None:
        self._mutex = threading.Lock()
        self._path = lock_path
        self._fd: int | None = None

    def __enter__(self) -> None:
        self._mutex.acquire()
        if self._path is None:
            return
        try:
            if self._fd is None:
                self._fd = os.open(self._path, os.O_RDWR | os.O_CREAT, 0o644)
            fcntl.flock(self._fd, fcntl.LOCK_EX)
        except OSError:  # read-only folder etc.: SQLite's own locking still holds
            self._path = None

    def __exit__(self, *exc: object) -> None:
        try:
            if self._path is not None and self._fd is not None:
                fcntl.flock(self._fd, fcntl.LOCK_UN)
        finally:
            self._mutex.release()


_GATES: dict[int, _WriterGate] = {}
_GATES_LOCK = threading.Lock()


def _writer_gate(engine: Engine) -> _WriterGate | contextlib.nullcontext[None]:
    if engine.dialect.name != "sqlite":
        return contextlib.nullcontext()
    with _GATES_LOCK:
        gate = _GATES.get(id(engine))
        if gate is None:
            path = sqlite_path(engine.url.render_as_string(hide_password=False))
            lock = Path(str(path) + ".writer-lock") if path is not None else None
            gate = _GATES[id(engine)] = _WriterGate(lock)
        return gate


@contextmanager
def read_tx(engine: Engine) -> Iterator[Connection]:
    with engine.connect() as conn, conn.begin():
        yield conn


def check_reachable(engine: Engine) -> None:
    """Raise StoreError with one line if the database cannot be opened."""
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except (OperationalError, DBAPIError) as exc:
        raise StoreError(describe_db_error(engine.url.render_as_string(), exc)) from None


def describe_db_error(url: str, exc: BaseException) -> str:
    """One human line for a database failure (no traceback, no password)."""
    safe = parse_url(url).render_as_string(hide_password=True)
    detail = (
        str(getattr(exc, "orig", exc)).strip().splitlines()[0] if str(exc) else type(exc).__name__
    )
    if "file is not a database" in detail or "malformed" in detail:
        return (
            f"store {safe} is damaged or not a database ({detail}): run "
            f"`asan-queue db check` and restore the latest backup (`asan-queue db restore`)"
        )
    return f"cannot open store {safe}: {detail}"
