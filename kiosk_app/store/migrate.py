"""Running the centre store's Alembic migrations from code (`asan-queue db upgrade`).

SQLite cannot roll back every DDL statement, so before upgrading a SQLite file
we copy it aside and put the copy back if any migration fails: a half-applied
migration never leaves a damaged store behind.
"""

from __future__ import annotations

import logging
import shutil
from importlib import resources
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError, OperationalError

from kiosk_app.store.engine import StoreError, describe_db_error, make_engine, sqlite_path

log = logging.getLogger("asanq.store")


def _config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(resources.files("kiosk_app.store") / "migrations"))
    return cfg


def head_revision() -> str | None:
    """The latest revision(s), joined by "+" when parallel branches exist."""
    heads = ScriptDirectory.from_config(_config()).get_heads()
    return "+".join(sorted(heads)) or None


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        heads = MigrationContext.configure(conn).get_current_heads()
    return "+".join(sorted(heads)) or None


def upgrade(url: str, revision: str = "heads") -> str | None:
    """Bring the store at `url` to `revision` (all heads by default); returns the
    revision(s) reached."""
    path = sqlite_path(url)
    backup: Path | None = None
    if path is not None and path.exists() and path.stat().st_size > 0:
        backup = path.with_suffix(path.suffix + ".pre-upgrade")
        _checkpoint_and_copy(url, path, backup)
    engine = make_engine(url, create_dirs=True)
    try:
        cfg = _config()
        with engine.connect() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, revision)
            conn.commit()
        reached = current_revision(engine)
    except (OperationalError, DBAPIError) as exc:
        engine.dispose()
        if backup is not None and path is not None:
            _restore(backup, path)
        raise StoreError(describe_db_error(url, exc)) from None
    except Exception as exc:  # a broken migration: log it loudly, tell the user one line
        log.exception("migration failed")
        engine.dispose()
        restored = backup is not None and path is not None
        if restored:
            _restore(backup, path)  # type: ignore[arg-type]
        note = "; the store was restored to its state before the upgrade" if restored else ""
        raise StoreError(f"migration failed: {exc}{note}") from None
    engine.dispose()
    if backup is not None:
        backup.unlink(missing_ok=True)
    log.info("store upgraded", extra={"revision": reached})
    return reached


def _checkpoint_and_copy(url: str, path: Path, backup: Path) -> None:
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    except (OperationalError, DBAPIError) as exc:
        raise StoreError(describe_db_error(url, exc)) from None
    finally:
        engine.dispose()
    shutil.copy2(path, backup)


def _restore(backup: Path, path: Path) -> None:
    for suffix in ("-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    shutil.move(str(backup), str(path))
    log.error("migration failed; store restored from its copy", extra={"store": str(path)})
