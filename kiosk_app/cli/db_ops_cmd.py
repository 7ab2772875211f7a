"""`asan-queue db backup|restore|check` and `db upgrade --backup-first`.

    asan-queue db backup  [--store centre|central | --db URL] (--to FILE | --to-dir DIR)
    asan-queue db restore [--store centre|central | --db URL] --from FILE [--force]
    asan-queue db check   [--store centre|central | --db URL | --file BACKUP]
    asan-queue db upgrade [--store …] [--backup-first [--backup-dir DIR]]

Exit codes: 0 done, 1 the store is damaged, behind, or the migration failed (the
store is left as it was), 2 a problem with the request (missing file, bad URL…).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from kiosk_app.cli.common import UserError, settings_from_args
from kiosk_app.cli.store_ops import (
    StoreRef,
    add_store_options,
    chosen_store,
    head,
    upgrade_with_backup,
)
from kiosk_app.settings import Settings
from server_sync.ops import backup
from server_sync.ops.errors import BackupError


def register_ops(actions: Any) -> None:
    take = actions.add_parser("backup", help="back up a store (consistent while kiosks write)")
    add_store_options(take)
    where = take.add_mutually_exclusive_group(required=True)
    where.add_argument("--to", metavar="FILE", help="write the backup to this new file")
    where.add_argument(
        "--to-dir",
        metavar="DIR",
        nargs="?",
        const="",
        help="a dated file in DIR (default backup.dir), then delete the ones past backup.keep_days",
    )
    take.add_argument("--label", default="", help="added to the dated file's name")
    take.set_defaults(handler=_backup)

    back = actions.add_parser("restore", help="replace a store with a backup")
    add_store_options(back)
    back.add_argument("--from", dest="source", metavar="FILE", required=True)
    back.add_argument("--force", action="store_true", help="replace a store that holds data")
    back.set_defaults(handler=_restore)

    check = actions.add_parser("check", help="check a store (or a backup file) for damage")
    add_store_options(check)
    check.add_argument("--file", metavar="BACKUP", help="check this backup file instead")
    check.set_defaults(handler=_check)


def upgrade_options(up: argparse.ArgumentParser) -> None:
    """Options of `db upgrade` beyond `--db`."""
    up.add_argument(
        "--store",
        choices=("centre", "central"),
        help="the centre store (db.url, the default) or the central one (server.db_url)",
    )
    up.add_argument(
        "--backup-first",
        action="store_true",
        help="back the store up before migrating it (when a migration is due)",
    )
    up.add_argument("--backup-dir", metavar="DIR", help="where (default: backup.dir)")


def upgrade_with_backup_first(args: argparse.Namespace, settings: Settings) -> int:
    ref = chosen_store(settings, args)
    folder = Path(args.backup_dir or settings.backup.dir)
    reached, taken = upgrade_with_backup(ref, folder if args.backup_first else None)
    if taken is not None:
        print(f"backup before the upgrade: {taken.path} ({_size(taken.bytes)})")
        backup.prune(folder, ref.name, settings.backup.keep_days, settings.backup.keep_at_least)
    print(f"{ref.name} store {_safe(ref.url)} is at migration {reached}")
    return 0


def _backup(args: argparse.Namespace) -> int:
    settings = settings_from_args(args)
    ref = chosen_store(settings, args)
    try:
        if args.to:
            taken = backup.take(ref.url, Path(args.to))
        else:
            folder = Path(args.to_dir or settings.backup.dir)
            taken = backup.take_into(ref.url, folder, ref.name, args.label)
            gone = backup.prune(
                folder, ref.name, settings.backup.keep_days, settings.backup.keep_at_least
            )
            if gone:
                print(f"deleted {len(gone)} backups older than {settings.backup.keep_days} days")
    except BackupError as exc:
        raise UserError(str(exc)) from None
    size = f"{_size(taken.bytes)}, {taken.seconds:.1f} s"
    print(f"backup of the {ref.name} store: {taken.path} ({size})")
    return 0


def _restore(args: argparse.Namespace) -> int:
    settings = settings_from_args(args)
    ref = chosen_store(settings, args)
    try:
        backup.restore(Path(args.source), ref.url, force=args.force)
    except BackupError as exc:
        raise UserError(str(exc)) from None
    print(f"{ref.name} store {_safe(ref.url)} restored from {args.source}")
    return _report(ref, backup.check(ref.url), need_latest=False)


def _check(args: argparse.Namespace) -> int:
    settings = settings_from_args(args)
    try:
        if args.file:
            report = backup.check_file(Path(args.file))
            if report.kind == "pgdump":
                print(f"ok: {args.file} is a readable PostgreSQL archive")
                return 0
            ref = StoreRef(args.store or _kind_of(report), f"sqlite:///{args.file}")
        else:
            ref = chosen_store(settings, args)
            report = backup.check(ref.url)
    except BackupError as exc:
        raise UserError(str(exc)) from None
    return _report(ref, report)


def _kind_of(report: backup.CheckReport) -> str:
    return "central" if "central_alembic_version" in report.versions else "centre"


def _report(ref: StoreRef, report: backup.CheckReport, *, need_latest: bool = True) -> int:
    where = f"{ref.name} store {_safe(ref.url)}"
    if report.problems:
        extra = f" (+{len(report.problems) - 1} more)" if len(report.problems) > 1 else ""
        print(f"DAMAGED: {where}: {report.problems[0]}{extra}")
        return 1
    table = "central_alembic_version" if ref.name == "central" else "alembic_version"
    recorded = report.versions.get(table)
    expected = head(ref.name)
    summary = f"{len(report.tables)} tables, {report.rows} rows, migration {recorded or 'none'}"
    if recorded != expected and need_latest:
        print(f"BEHIND: {where}: {summary}; this version needs {expected}: run `db upgrade`")
        return 1
    print(f"ok: {where}: {summary}" + (" (latest)" if recorded == expected else ""))
    return 0


def _size(n: int) -> str:
    return f"{n / 1024:.0f} KB" if n < 10 * 1024 * 1024 else f"{n / 1024 / 1024:.0f} MB"


def _safe(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)
