"""Opening an existing, migrated centre store for a program to use."""

from __future__ import annotations

from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from kiosk_app.store.engine import (
    StoreError,
    check_reachable,
    describe_db_error,
    make_engine,
    sqlite_path,
)
from kiosk_app.store.revision import HEAD, stored_revision


def open_store(url: str) -> Engine:
    """An engine on a store that exists and is at the current migration.

    Refuses (StoreError, one line) a missing file, a file that is not a
    database, an unreachable server or a store needing `db upgrade`.
    """
    path = sqlite_path(url)
    if path is not None and not path.exists():
        raise StoreError(f"store {path} does not exist: run `asan-queue db upgrade --db {url}`")
    engine = make_engine(url)
    check_reachable(engine)
    try:
        current = stored_revision(engine)
    except SQLAlchemyError as exc:
        engine.dispose()
        raise StoreError(describe_db_error(url, exc)) from None
    if current != HEAD:
        engine.dispose()
        raise StoreError(
            f"store is at migration {current or 'none'}, needs {HEAD}: "
            f"run `asan-queue db upgrade --db {url}`"
        )
    return engine
