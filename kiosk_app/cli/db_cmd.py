"""`asan-queue db upgrade|seed-demo --db URL`: create, migrate and fill the centre store."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from kiosk_app.cli.common import UserError, settings_from_args
from kiosk_app.cli.db_ops_cmd import register_ops, upgrade_options, upgrade_with_backup_first
from kiosk_app.services.demo_data import seed_demo
from kiosk_app.store import StoreError, upgrade
from kiosk_app.store.open_store import open_store
from server_sync.catalogue_data import load_catalogue_file, load_demo_catalogue
from server_sync.kernel.catalogue import CatalogueError
from server_sync.kernel.clock import SystemClock


def register(sub: Any) -> None:
    parser: argparse.ArgumentParser = sub.add_parser(
        "db", help="create, migrate and seed the centre store"
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    up = actions.add_parser("upgrade", help="create the store or migrate it to the latest version")
    up.add_argument("--db", metavar="URL", help="store URL (default: settings db.url)")
    upgrade_options(up)
    up.set_defaults(handler=_upgrade)
    seed = actions.add_parser("seed-demo", help="load the demo catalogue and a day of bookings")
    seed.add_argument("--db", metavar="URL", help="store URL (default: settings db.url)")
    seed.add_argument("--centre", metavar="ID", help="centre to make bookings for")
    seed.add_argument("--catalogue", metavar="FILE", help="catalogue JSON instead of the demo one")
    seed.add_argument("--bookings", type=int, default=60, help="bookings per day (default 60)")
    seed.set_defaults(handler=_seed)
    prune = actions.add_parser(
        "prune", help="delete sent outbox events and audit rows past their retention"
    )
    prune.add_argument("--db", metavar="URL", help="store URL (default: settings db.url)")
    prune.add_argument("--dry-run", action="store_true", help="count, delete nothing")
    prune.set_defaults(handler=_prune)
    register_ops(actions)


def _prune(args: argparse.Namespace) -> int:
    from kiosk_app.services.retention import CentrePruner

    settings = settings_from_args(args, **{"db.url": args.db})
    try:
        engine = open_store(settings.db.url, quick_check=settings.db.check_on_open)
    except StoreError as exc:
        raise UserError(str(exc)) from None
    pruner = CentrePruner(engine, settings.retention, SystemClock())
    try:
        done = pruner.due() if args.dry_run else pruner.run()
    finally:
        engine.dispose()
    r = settings.retention
    print(
        f"{'would prune' if args.dry_run else 'pruned'}: {done.outbox} outbox events "
        f"(sent or dropped over {r.outbox_sent_days} days ago), {done.audit} audit rows "
        f"(over {r.audit_days} days old)"
    )
    return 0


def _upgrade(args: argparse.Namespace) -> int:
    if args.backup_first or args.store == "central":
        return upgrade_with_backup_first(args, settings_from_args(args))
    settings = settings_from_args(args, **{"db.url": args.db})
    try:
        revision = upgrade(settings.db.url)
    except StoreError as exc:
        raise UserError(str(exc)) from None
    print(f"store {settings.db.url} is at migration {revision}")
    return 0


def _seed(args: argparse.Namespace) -> int:
    settings = settings_from_args(args, **{"db.url": args.db, "centre.id": args.centre})
    try:
        catalogue = (
            load_catalogue_file(Path(args.catalogue)) if args.catalogue else load_demo_catalogue()
        )
    except CatalogueError as exc:
        raise UserError(str(exc)) from None
    centre = settings.centre.id
    if centre not in catalogue.centres:
        raise UserError(f"unknown centre {centre!r}; known: {', '.join(sorted(catalogue.centres))}")
    if args.bookings < 0 or args.bookings > 10_000:
        raise UserError("--bookings must be between 0 and 10000")
    try:
        engine = open_store(settings.db.url, quick_check=settings.db.check_on_open)
    except StoreError as exc:
        raise UserError(str(exc)) from None
    made = seed_demo(engine, catalogue, centre, SystemClock().now(), args.bookings)
    engine.dispose()
    print(
        f"catalogue: {len(catalogue.centres)} centres, {len(catalogue.services)} services; "
        f"{len(made)} demo bookings at {centre}"
    )
    for b in made[:5]:
        print(f"  order code {b.code}  {b.day} {b.start:%H:%M}  {b.service_id}")
    return 0
