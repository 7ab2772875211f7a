"""Opening an existing, migrated centre store for a program to use."""

from __future__ import annotations

from sqlalchemy import Engine, text
from sqlalchemy.exc import SQLAlchemyError

from kiosk_app.store.engine import (
    StoreError,
    check_reachable,
    describe_db_error,
    make_engine,
    parse_url,
    sqlite_path,
)
from kiosk_app.store.revision import HEAD, stored_revision


def open_store(url: str, *, quick_check: bool = True) -> Engine:
    """An engine on a store that exists, is sound and is at the current migration.

    Refuses (StoreError, one line) a missing or empty file, a file that is not a
    database or fails SQLite's `PRAGMA quick_check` (a few milliseconds at a day's
    size: `bench/bench_store_check.py`), an unreachable server or a store needing
    `db upgrade`. `asan-queue db check` runs the full check.
    """
    path = sqlite_path(url)
    if path is not None and not path.exists():
        raise StoreError(f"store {path} does not exist: run `asan-queue db upgrade --db {url}`")
    if path is not None and path.is_file() and path.stat().st_size == 0:
        raise StoreError(
            f"store {path} is an empty file (0 bytes), not a centre store: restore a backup "
            f"(`asan-queue db restore --db {url} --from FILE --force`) or remove it and run "
            f"`asan-queue db upgrade --db {url}`"
        )
    engine = make_engine(url)
    try:
        check_reachable(engine)
        if quick_check and engine.dialect.name == "sqlite":
            check_sound(engine, url)
        current = stored_revision(engine)
    except StoreError:
        engine.dispose()
        raise
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


def check_sound(engine: Engine, url: str) -> None:
    """SQLite's `PRAGMA quick_check` (every page and b-tree, not index contents);
    StoreError naming the first problem."""
    with engine.connect() as conn:
        rows = [str(r[0]) for r in conn.execute(text("PRAGMA quick_check"))]
    if rows != ["ok"]:
        raise StoreError(damaged_message(url, rows[0] if rows else "no answer"))


def damaged_message(url: str, detail: str) -> str:
    """One line: SQLite's report can hold several (a quick check's first row does)."""
    detail = "; ".join(line.strip() for line in detail.splitlines() if line.strip())
    detail = detail.removeprefix("*** in database main ***; ")[:300]
    return (
        f"store {parse_url(url).render_as_string(hide_password=True)} is damaged ({detail}): "
        f"nothing was changed; run `asan-queue db check --db {url}` and restore the latest "
        "backup (`asan-queue db restore`)"
    )
