"""`asan-queue server`: the central booking service (citizen pages and HTTP API).

    asan-queue server [--db URL] [--host H] [--port P] [--workers N]
    asan-queue server upgrade [--db URL]        migrate the central store
    asan-queue server seed [--db URL] [--catalogue FILE]   publish a catalogue
    asan-queue server prepare-demo              upgrade + demo catalogue if none
    asan-queue server purge [--db URL] [--dry-run]   purge old personal data
    asan-queue server send-sms [--db URL] [--loop]   send the queued SMS (sms.url) now

Starting the server migrates the store first (once, before the workers fork).
With several workers uvicorn starts each from `worker_app`, which reads the
same settings from the environment (command-line values are passed on as
`ASANQ_*` variables).
"""

from __future__ import annotations

import argparse
import importlib
import os
import time
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

from server_sync.app import build_services, create_app
from server_sync.catalogue_data import (
    DEMO_CENTRE,
    demo_hours,
    load_catalogue_file,
    load_demo_catalogue,
)
from server_sync.cli.common import UserError, settings_from_args
from server_sync.kernel.catalogue import CatalogueError
from server_sync.logs import setup_logging
from server_sync.services.accounts.demo import seed_demo_people
from server_sync.services.receptions import seed_demo_officials
from server_sync.settings import CentralSettings, SettingsError, load_settings
from server_sync.store import migrate
from server_sync.store.db import create_store_engine


def register(sub: Any) -> None:
    parser: argparse.ArgumentParser = sub.add_parser(
        "server", help="run the central booking service (citizen pages + HTTP API)"
    )
    _db_option(parser)
    parser.add_argument("--host", help="address to listen on (default: settings server.host)")
    parser.add_argument("--port", type=int, help="port (default: settings server.port)")
    parser.add_argument("--workers", type=int, help="worker processes (default: server.workers)")
    parser.add_argument("--access-log", action="store_true", help="log every request")
    parser.set_defaults(handler=_serve)
    actions = parser.add_subparsers(dest="action", metavar="ACTION")
    up = actions.add_parser("upgrade", help="create or migrate the central store")
    _db_option(up)
    up.set_defaults(handler=_upgrade)
    seed = actions.add_parser("seed", help="publish a catalogue (the demo one by default)")
    _db_option(seed)
    seed.add_argument("--catalogue", metavar="FILE", help="catalogue JSON file")
    seed.set_defaults(handler=_seed)
    demo = actions.add_parser("prepare-demo", help="upgrade and publish the demo catalogue")
    _db_option(demo)
    demo.set_defaults(handler=_prepare_demo)
    purge = actions.add_parser("purge", help="purge personal data of past visits")
    _db_option(purge)
    purge.add_argument("--dry-run", action="store_true", help="only count what would go")
    purge.set_defaults(handler=_purge)
    send_sms = actions.add_parser(
        "send-sms", help="send the queued SMS now through sms.url (--loop: keep sending)"
    )
    _db_option(send_sms)
    send_sms.add_argument("--loop", action="store_true", help="keep sending until stopped")
    send_sms.add_argument(
        "--interval", type=float, default=1.0, help="seconds between looks when idle (--loop)"
    )
    send_sms.set_defaults(handler=_send_sms)


def _db_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", metavar="URL", help="central store URL (default: server.db_url)")


def _settings(args: argparse.Namespace) -> CentralSettings:
    return settings_from_args(args, **{"server.db_url": getattr(args, "db", None)})


def _engine(settings: CentralSettings) -> Engine:
    try:
        return create_store_engine(settings.server.db_url, settings.server.db_pool_size)
    except (SQLAlchemyError, OSError, ValueError) as exc:
        raise UserError(f"cannot open central store {settings.server.db_url}: {exc}") from None


def _migrated(settings: CentralSettings) -> Engine:
    engine = _engine(settings)
    try:
        migrate.upgrade(engine)
    except (SQLAlchemyError, OSError) as exc:
        raise UserError(f"cannot migrate central store: {str(exc).splitlines()[0]}") from None
    return engine


def _upgrade(args: argparse.Namespace) -> int:
    settings = _settings(args)
    _migrated(settings).dispose()
    print(f"central store {settings.server.db_url} is up to date")
    return 0


def _publish(
    engine: Engine, settings: CentralSettings, path: str | None, *, demo: bool = False
) -> int:
    try:
        catalogue = load_catalogue_file(Path(path)) if path else load_demo_catalogue()
    except CatalogueError as exc:
        raise UserError(str(exc)) from None
    if demo:
        catalogue = demo_hours(catalogue)
    services = build_services(settings, engine=engine)
    return services.catalogue.publish(catalogue.to_dict(), settings.clock().now())


def _seed(args: argparse.Namespace) -> int:
    settings = _settings(args)
    engine = _migrated(settings)
    version = _publish(engine, settings, args.catalogue)
    officials = seed_demo_officials(engine)
    engine.dispose()
    if officials:
        print(f"{officials} officials receiving citizens (assets/demo/officials.json)")
    print(f"catalogue version {version} published to {settings.server.db_url}")
    return 0


def _prepare_demo(args: argparse.Namespace) -> int:
    settings = _settings(args)
    engine = _migrated(settings)
    services = build_services(settings, engine=engine)
    if services.catalogue.current().version == 0:
        version = _publish(engine, settings, None, demo=True)
        print(f"central store ready: demo catalogue version {version} ({DEMO_CENTRE} open all day)")
    officials = seed_demo_officials(engine)
    if officials:
        print(f"{officials} officials receiving citizens (assets/demo/officials.json)")
    people = seed_demo_people(engine)
    if people:
        print(f"demo identity registry: {people} demo people (README, 'Demo people')")
    engine.dispose()
    if settings.smtp.outbox_dir:
        print(f"e-mails of the booking service are written to {settings.smtp.outbox_dir}")
    return 0


def _purge(args: argparse.Namespace) -> int:
    settings = _settings(args)
    engine = _migrated(settings)
    report = build_services(settings, engine=engine).housekeeping.purge(dry_run=args.dry_run)
    engine.dispose()
    verb = "would purge" if args.dry_run else "purged"
    print(
        f"{verb}: personal data of {report.bookings} bookings, {report.codes} confirmation "
        f"codes, {report.mails} sent e-mails (retention "
        f"{settings.booking.personal_data_retention_days} days); {report.accounts} citizen "
        f"accounts unused for {settings.accounts.retention_days} days and "
        f"{report.unactivated_accounts} never activated; {report.sync_events} sync events "
        f"(after {settings.retention.sync_events_days} days) and {report.sync_conflicts} "
        f"conflicts (after {settings.retention.sync_conflicts_days} days)"
    )
    return 0


def _send_sms(args: argparse.Namespace) -> int:
    """Drain the SMS outbox (the server's background jobs do the same; this runs it
    by hand, or as a sender process of its own with --loop)."""
    settings = _settings(args)
    if not settings.sms.url.strip():
        raise UserError("sms.url is empty: set it (smpp://, https:// or file://) to send SMS")
    engine = _migrated(settings)
    try:
        sms = build_services(settings, engine=engine).sms
    except ValueError as exc:  # SmsConfigError: a URL or template that cannot work
        raise UserError(str(exc)) from None
    sent = 0
    try:
        while True:
            batch = sms.send_due()
            sent += batch
            if batch:
                continue
            if not args.loop:
                break
            time.sleep(args.interval)
    except KeyboardInterrupt:
        pass
    finally:
        sms.close()
        pending = sms.pending()
        engine.dispose()
    print(f"sent {sent} SMS; {pending} still queued")
    return 0


SETTINGS_CLASS_ENV = "ASANQ_CLI_SETTINGS_CLASS"


def worker_app() -> FastAPI:
    """The app of one uvicorn worker, from the environment's settings (read with the
    same settings model as the `asan-queue server` process that started it)."""
    module_name, _, name = os.environ.get(SETTINGS_CLASS_ENV, "").partition(":")
    cls: type[CentralSettings] = CentralSettings
    if module_name:
        cls = getattr(importlib.import_module(module_name), name)
    settings = load_settings(cls)
    setup_logging(settings.log)
    return create_app(settings)


def _serve(args: argparse.Namespace) -> int:
    import uvicorn

    overrides = {
        "server.db_url": args.db,
        "server.host": args.host,
        "server.port": args.port,
        "server.workers": args.workers,
    }
    settings = settings_from_args(args, **overrides)
    try:
        settings.require_secrets()
    except SettingsError as exc:
        raise UserError(str(exc)) from None
    _migrated(settings).dispose()
    server = settings.server
    if args.config:
        os.environ["ASANQ_CONFIG"] = args.config
    os.environ[SETTINGS_CLASS_ENV] = f"{type(settings).__module__}:{type(settings).__qualname__}"
    for key, value in overrides.items():
        if value is not None:
            os.environ["ASANQ_" + key.upper().replace(".", "__")] = str(value)
    if settings.smtp.outbox_dir:
        print(f"e-mails go to {settings.smtp.outbox_dir} (.eml files)")
    print(f"booking service on http://{server.host}:{server.port}/ ({server.workers} workers)")
    options: dict[str, Any] = {
        "host": server.host,
        "port": server.port,
        "access_log": args.access_log,
        "http": "httptools",
        "loop": "uvloop",
        "log_level": "info" if args.access_log else "warning",
        "timeout_graceful_shutdown": 5,
        "proxy_headers": False,  # X-Forwarded-For is read only from server.trusted_proxies
        "server_header": False,
        "log_config": None,  # our handlers (masking personal data) log uvicorn's lines too
    }
    try:
        if server.workers > 1:
            uvicorn.run(
                "server_sync.cli.server_cmd:worker_app",
                factory=True,
                workers=server.workers,
                **options,
            )
        else:
            uvicorn.run(create_app(settings), **options)
    except OSError as exc:
        raise UserError(f"cannot listen on {server.host}:{server.port}: {exc}") from None
    return 0
