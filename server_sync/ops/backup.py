"""Backups of a store, SQLite or PostgreSQL, by its URL: take, restore, check, prune.

A backup is written beside its final name and renamed into place when complete,
so a crash never leaves a half backup that looks whole. A restore refuses to
overwrite a store holding data unless asked (`force`), and is all-or-nothing:
SQLite through a temporary file renamed over the store, PostgreSQL in one
transaction.
"""

from __future__ import annotations

import logging
import os
import re
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from server_sync.ops import pg_backup, sqlite_backup
from server_sync.ops.errors import BackupError, TargetNotEmpty

log = logging.getLogger("asanq.backup")

VERSION_TABLES = ("alembic_version", "central_alembic_version")
_STAMP = "%Y%m%dT%H%M%SZ"
_NAME = re.compile(
    r"^(?P<store>[\w.-]+?)-(?P<stamp>\d{8}T\d{6}Z)(?P<label>-[\w.+-]+)?\.(sqlite|pgdump)$"
)


@dataclass(frozen=True)
class Backup:
    path: Path
    bytes: int
    seconds: float


@dataclass
class CheckReport:
    kind: str
    problems: list[str]
    tables: dict[str, int] = field(default_factory=dict)
    versions: dict[str, str] = field(default_factory=dict)

    @property
    def rows(self) -> int:
        return sum(self.tables.values())


def _kind(url: str) -> str:
    try:
        backend = make_url(url).get_backend_name()
    except ArgumentError:
        raise BackupError(f"not a database URL: {url!r}") from None
    if backend not in ("sqlite", "postgresql"):
        raise BackupError(f"unsupported database {backend!r}")
    return backend


def sqlite_file(url: str) -> Path:
    database = make_url(url).database
    if not database or database == ":memory:":
        raise BackupError("an in-memory store cannot be backed up")
    return Path(database)


def suffix(url: str) -> str:
    return ".sqlite" if _kind(url) == "sqlite" else ".pgdump"


def take(url: str, target: Path) -> Backup:
    """Back up the store at `url` into `target` (which must not exist yet)."""
    kind = _kind(url)
    if target.exists():
        raise BackupError(f"{target} exists already: choose another name")
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.partial")
    started = time.perf_counter()
    try:
        if kind == "sqlite":
            sqlite_backup.copy_database(sqlite_file(url), partial)
        else:
            partial.unlink(missing_ok=True)
            pg_backup.dump(url, partial)
            sqlite_backup.fsync(partial)
        os.chmod(partial, 0o640)
        os.replace(partial, target)
        sqlite_backup.fsync_dir(target.parent)
    finally:
        partial.unlink(missing_ok=True)
    done = Backup(target, target.stat().st_size, time.perf_counter() - started)
    log.info("backup written", extra={"backup": str(target), "bytes": done.bytes})
    return done


def take_into(url: str, folder: Path, store: str, label: str = "") -> Backup:
    """A backup named `<store>-<UTC time>[-label].<kind>` in `folder`."""
    stamp = datetime.now(UTC).strftime(_STAMP)
    name = f"{store}-{stamp}{'-' + label if label else ''}{suffix(url)}"
    return take(url, folder / name)


def restore(source: Path, url: str, *, force: bool = False) -> None:
    """Replace the store at `url` with the backup `source`."""
    kind = _kind(url)
    if not source.is_file():
        raise BackupError(f"backup {source} does not exist")
    if kind == "sqlite":
        _restore_sqlite(source, sqlite_file(url), force)
    else:
        pg_backup.list_archive(source)
        if not force and pg_backup.table_counts(url):
            raise TargetNotEmpty(f"{_safe(url)} holds tables: add --force to replace them")
        pg_backup.restore(source, url)
    log.info("store restored", extra={"backup": str(source), "store": _safe(url)})


def _restore_sqlite(source: Path, target: Path, force: bool) -> None:
    if not force and sqlite_backup.has_tables(target):
        raise TargetNotEmpty(f"store {target} holds data: add --force to replace it")
    target.parent.mkdir(parents=True, exist_ok=True)
    staged = target.with_name(f".{target.name}.restoring")
    try:
        sqlite_backup.copy_database(source, staged)
        problems, _ = sqlite_backup.check_database(staged)
        if problems:
            raise BackupError(f"backup {source} is damaged: {problems[0]}")
        if target.exists():
            os.chmod(staged, target.stat().st_mode & 0o777)
        sqlite_backup.replace_database(staged, target)
    finally:
        staged.unlink(missing_ok=True)


def check(url: str) -> CheckReport:
    """A full integrity check (SQLite) or a read of every table (PostgreSQL)."""
    if _kind(url) == "sqlite":
        path = sqlite_file(url)
        problems, tables = sqlite_backup.check_database(path)
        found = sqlite_backup.versions(path, VERSION_TABLES) if not problems else {}
        return CheckReport("sqlite", problems, tables, found)
    tables = pg_backup.table_counts(url)
    return CheckReport("postgresql", [], tables, pg_backup.versions(url, VERSION_TABLES))


def check_file(path: Path) -> CheckReport:
    """Check a backup file itself: a SQLite copy fully, a PostgreSQL archive by listing it."""
    if path.suffix == ".pgdump":
        pg_backup.list_archive(path)
        return CheckReport("pgdump", [])
    return check(f"sqlite:///{path.resolve()}")


def store_exists(url: str) -> bool:
    """False for a SQLite file that is missing or empty; PostgreSQL is asked later."""
    if _kind(url) == "sqlite":
        path = sqlite_file(url)
        return path.is_file() and path.stat().st_size > 0
    return True


def check_versions(url: str, tables: tuple[str, ...]) -> dict[str, str]:
    """The Alembic revisions recorded in those of `tables` that exist."""
    if _kind(url) == "sqlite":
        return sqlite_backup.versions(sqlite_file(url), tables)
    return pg_backup.versions(url, tables)


def prune(folder: Path, store: str, keep_days: int, keep_at_least: int = 3) -> list[Path]:
    """Delete `store`'s backups in `folder` older than `keep_days`, always keeping the
    newest `keep_at_least`; returns what was deleted."""
    found: list[tuple[datetime, Path]] = []
    for path in folder.iterdir() if folder.is_dir() else ():
        match = _NAME.match(path.name)
        if match and match["store"] == store:
            stamp = datetime.strptime(match["stamp"], _STAMP).replace(tzinfo=UTC)
            found.append((stamp, path))
    found.sort(reverse=True)
    cutoff = datetime.now(UTC) - timedelta(days=keep_days)
    gone = [path for stamp, path in found[keep_at_least:] if stamp < cutoff]
    for path in gone:
        path.unlink(missing_ok=True)
        log.info("old backup deleted", extra={"backup": str(path)})
    return gone


def _safe(url: str) -> str:
    return make_url(url).render_as_string(hide_password=True)
