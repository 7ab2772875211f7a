"""`asan-queue db upgrade|seed-demo --db URL`: create, migrate and fill the centre store."""

from __future__ import annotations

import argparse
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy.exc import SQLAlchemyError

from kiosk_app.cli.common import UserError, settings_from_args
from kiosk_app.cli.db_ops_cmd import register_ops, upgrade_options, upgrade_with_backup_first
from kiosk_app.services.demo_data import seed_demo
from kiosk_app.store import StoreError, upgrade
from kiosk_app.store.open_store import open_store
from server_sync.catalogue_data import demo_hours, load_catalogue_file, load_demo_catalogue
from server_sync.kernel.booking import Booking
from server_sync.kernel.catalogue import CatalogueError


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
    seed.add_argument(
        "--central-db",
        metavar="URL",
        help="also store the demo bookings in this central store (the demo does)",
    )
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
    pruner = CentrePruner(engine, settings.retention, settings.clock())
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
            load_catalogue_file(Path(args.catalogue))
            if args.catalogue
            else demo_hours(load_demo_catalogue(), settings.centre.id)
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
    now = settings.clock().now()
    try:
        seeded = seed_demo(engine, catalogue, centre, now, args.bookings)
    finally:
        engine.dispose()
    if args.central_db:
        _publish_centrally(args.central_db, seeded.added, now)
    kept = " (kept: it came from the central service or IT)" if seeded.catalogue_kept else ""
    print(
        f"catalogue: {len(catalogue.centres)} centres, {len(catalogue.services)} services{kept}; "
        f"{len(seeded.added)} demo bookings added at {centre}"
    )
    print(f"order codes to check in now ({now:%H:%M}, Baku time):")
    for b in seeded.ready:
        print(f"  order code {b.code}  {b.day} {b.start:%H:%M}  {b.service_id}")
    return 0


def _publish_centrally(url: str, added: list[Booking], now: datetime) -> None:
    from server_sync.services.demo_bookings import publish_demo_bookings
    from server_sync.store.db import create_store_engine

    engine = create_store_engine(url, 2)
    try:
        publish_demo_bookings(engine, added, now)
    except SQLAlchemyError as exc:
        line = str(getattr(exc, "orig", exc)).strip().splitlines()[0]
        raise UserError(f"cannot store the demo bookings centrally: {line}") from None
    finally:
        engine.dispose()
