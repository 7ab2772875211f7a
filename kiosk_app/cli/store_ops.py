"""Which store a `db` command works on, its migration state, and the upgrade that
takes a backup first.

A machine may hold two stores: the centre store (`db.url`) and the central
service's (`server.db_url`). `--store centre|central` picks one from the
settings; `--db URL` names one directly (its kind then comes from the version
table found in it).
"""

from __future__ import annotations

import argparse
import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from kiosk_app.settings import Settings
from server_sync.cli.common import UserError
from server_sync.ops import backup
from server_sync.ops.errors import BackupError

log = logging.getLogger("asanq.store")

VERSION_TABLE = {"centre": "alembic_version", "central": "central_alembic_version"}
Migrate = Callable[[str], object]


@dataclass(frozen=True)
class StoreRef:
    name: str  # "centre" or "central"
    url: str


def add_store_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", metavar="URL", help="store URL (default: from --store)")
    parser.add_argument(
        "--store",
        choices=("centre", "central"),
        help="the centre store (db.url, the default) or the central one (server.db_url)",
    )


def chosen_store(settings: Settings, args: argparse.Namespace) -> StoreRef:
    name: str | None = args.store
    if args.db:
        return StoreRef(name or _detect(args.db), args.db)
    name = name or "centre"
    return StoreRef(name, settings.db.url if name == "centre" else settings.server.db_url)


def _detect(url: str) -> str:
    try:
        found = backup.check_versions(url, tuple(VERSION_TABLE.values()))
    except BackupError:
        return "centre"
    return "central" if "central_alembic_version" in found else "centre"


def head(store: str) -> str | None:
    """The newest migration this version of the program knows for `store`."""
    if store == "centre":
        from kiosk_app.store.migrate import head_revision

        return head_revision()
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    from server_sync.store.migrate import MIGRATIONS

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return "+".join(sorted(ScriptDirectory.from_config(cfg).get_heads())) or None


def current(ref: StoreRef) -> str | None:
    """The store's recorded migration, or None for a store that does not exist yet."""
    if not backup.store_exists(ref.url):
        return None
    try:
        found = backup.check_versions(ref.url, (VERSION_TABLE[ref.name],))
    except BackupError as exc:
        raise UserError(str(exc)) from None
    return found.get(VERSION_TABLE[ref.name]) or None


def default_migrate(store: str) -> Migrate:
    if store == "centre":
        from kiosk_app.store import upgrade

        return upgrade

    def central(url: str) -> None:
        from server_sync.store import migrate
        from server_sync.store.db import create_store_engine

        engine = create_store_engine(url, 2)
        try:
            migrate.upgrade(engine)
        finally:
            engine.dispose()

    return central


def upgrade_with_backup(
    ref: StoreRef,
    backup_dir: Path | None,
    *,
    migrate: Migrate | None = None,
    target: str | None = None,
) -> tuple[str | None, backup.Backup | None]:
    """Migrate the store to `target` (this version's head); with `backup_dir`, back it up
    first whenever a migration is due. A failed migration leaves the store as it was
    (restored from that backup if the migration got half-way) and raises UserError."""
    migrate = migrate or default_migrate(ref.name)
    target = target if target is not None else head(ref.name)
    before = current(ref)
    taken: backup.Backup | None = None
    if before == target:
        return before, None
    if backup_dir is not None and before is not None:
        try:
            taken = backup.take_into(ref.url, backup_dir, ref.name, f"pre-upgrade-{before}")
        except BackupError as exc:
            raise UserError(f"no upgrade: the backup first failed: {exc}", exit_code=1) from None
    try:
        migrate(ref.url)
    except Exception as exc:
        log.exception("migration of the %s store failed", ref.name)
        raise UserError(_failed(ref, before, taken, exc), exit_code=1) from None
    return current(ref), taken


def _failed(ref: StoreRef, before: str | None, taken: backup.Backup | None, exc: Exception) -> str:
    reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    now = current(ref)
    if now != before and taken is not None:
        backup.restore(taken.path, ref.url, force=True)
        now = current(ref)
    where = f"; backup {taken.path}" if taken is not None else ""
    state = (
        f"unchanged at migration {before or 'none'}"
        if now == before
        else f"at migration {now or 'none'}, was {before or 'none'}"
    )
    return (
        f"migration of the {ref.name} store failed ({reason}); the store is {state}{where}; "
        "keep running the previous version (docs/install.md, Upgrades)"
    )
