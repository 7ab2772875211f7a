"""SQLite stores: a consistent copy while kiosks write, a safe restore, a full check.

The copy uses SQLite's online backup API in one step from a read-only
connection: it reads one snapshot (a WAL reader never blocks the writers, and
holds no write lock), so the copy is the store at one moment, never a mix.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from server_sync.ops.errors import BackupError, StoreInUse


@contextlib.contextmanager
def _connect(path: Path, *, read_only: bool = False) -> Iterator[sqlite3.Connection]:
    uri = f"file:{path}?mode=ro" if read_only else f"file:{path}"
    try:
        conn = sqlite3.connect(uri, uri=True, timeout=30, isolation_level=None)
    except sqlite3.Error as exc:
        raise BackupError(f"cannot open {path}: {exc}") from None
    try:
        yield conn
    finally:
        conn.close()


def copy_database(source: Path, target: Path) -> None:
    """Copy the database at `source` to a new file `target` (one self-contained file)."""
    if not source.is_file():
        raise BackupError(f"store {source} does not exist")
    target.unlink(missing_ok=True)
    try:
        with _connect(source, read_only=True) as src, _connect(target) as dst:
            src.backup(dst, pages=-1)  # one step: one snapshot
            dst.execute("PRAGMA journal_mode=DELETE")  # no -wal beside the copy
            problems = _integrity(dst, quick=True)
            if problems:
                raise BackupError(f"the copy of {source} is damaged: {problems[0]}")
    except sqlite3.DatabaseError as exc:
        target.unlink(missing_ok=True)
        raise BackupError(f"cannot copy {source}: {exc}") from None
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    fsync(target)


def fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def has_tables(path: Path) -> bool:
    if not path.exists() or path.stat().st_size == 0:
        return False
    with _connect(path, read_only=True) as conn:
        try:
            row = conn.execute("SELECT count(*) FROM sqlite_master WHERE type='table'").fetchone()
        except sqlite3.DatabaseError:
            return True  # not a database we can read: treat as something worth keeping
    return bool(row[0])


def claim_unused(path: Path) -> None:
    """Make sure no program has the store open, and fold its WAL into the file.

    Leaving WAL mode needs the only connection to the database; a kiosk, agent or
    console that still has it open makes this fail at once."""
    if not path.exists():
        return
    with _connect(path) as conn:
        conn.execute("PRAGMA busy_timeout=0")
        try:
            mode = conn.execute("PRAGMA journal_mode=DELETE").fetchone()[0]
        except sqlite3.OperationalError as exc:
            raise StoreInUse(f"store {path} is in use ({exc}): stop the services first") from None
        if str(mode).lower() != "delete":
            raise StoreInUse(f"store {path} is in use: stop the services first")


def replace_database(restored: Path, target: Path) -> None:
    """Put `restored` (a file in the target's folder) in place of `target` atomically."""
    claim_unused(target)
    for suffix in ("-wal", "-shm"):
        Path(str(target) + suffix).unlink(missing_ok=True)
    os.replace(restored, target)
    fsync_dir(target.parent)


def _integrity(conn: sqlite3.Connection, *, quick: bool = False) -> list[str]:
    pragma = "quick_check" if quick else "integrity_check"
    rows = [str(r[0]) for r in conn.execute(f"PRAGMA {pragma}")]
    return [] if rows == ["ok"] else rows


def check_database(path: Path) -> tuple[list[str], dict[str, int]]:
    """(problems, rows per table) after a full integrity check and a read of every table."""
    if not path.is_file():
        raise BackupError(f"store {path} does not exist")
    if path.stat().st_size == 0:
        return ["an empty file (0 bytes), not a database"], {}
    with _connect(path, read_only=True) as conn:
        try:
            problems = _integrity(conn)
            problems += [
                f"foreign key broken: {table} row {rowid} → {parent}"
                for table, rowid, parent, _ in conn.execute("PRAGMA foreign_key_check")
            ]
            names = [
                str(r[0])
                for r in conn.execute(
                    "SELECT name FROM sqlite_master WHERE type='table' "
                    "AND name NOT LIKE 'sqlite_%' ORDER BY name"
                )
            ]
            counts = {n: _count(conn, n) for n in names}
        except sqlite3.DatabaseError as exc:
            return [f"damaged or not a database ({exc})"], {}
    return problems, counts


def _count(conn: sqlite3.Connection, table: str) -> int:
    return int(conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0])


def versions(path: Path, tables: tuple[str, ...]) -> dict[str, str]:
    """Alembic revisions recorded in the given version tables that exist."""
    found: dict[str, str] = {}
    with _connect(path, read_only=True) as conn:
        for table in tables:
            try:
                exists = conn.execute(
                    "SELECT 1 FROM sqlite_master WHERE type='table' AND name=?", (table,)
                ).fetchone()
                if exists:
                    rows = conn.execute(f'SELECT version_num FROM "{table}"').fetchall()
                    found[table] = "+".join(sorted(str(r[0]) for r in rows))
            except sqlite3.DatabaseError as exc:
                raise BackupError(f"store {path} is damaged or not a database ({exc})") from None
    return found
