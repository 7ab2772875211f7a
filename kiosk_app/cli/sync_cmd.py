"""`asan-queue sync`: the centre's sync agent (push outbox, pull bookings, heartbeat).

    asan-queue sync [--central URL] [--db URL] [--centre ID] [--once]

The token comes from `sync.token` (ASANQ_SYNC__TOKEN), issued by IT with
`asan-queue it token issue --centre ID`. In the demo (`demo = true`) without a
token, the agent provisions the demo token in the local central store.
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from typing import Any

from kiosk_app.cli.common import UserError, settings_from_args
from kiosk_app.composition.sync_agent import open_agent
from kiosk_app.settings import Settings
from kiosk_app.store.engine import StoreError
from server_sync.ops.notify import Notifier
from server_sync.ops.watchdog import StoreWatchdog
from server_sync.sms import SmsConfigError
from server_sync.sync import CentralRefused, CentralUnavailable


def register(sub: Any) -> None:
    parser = sub.add_parser("sync", help="run the centre's sync agent")
    parser.add_argument("--central", metavar="URL", help="central service URL (sync.central_url)")
    parser.add_argument("--db", metavar="URL", help="centre store URL (db.url)")
    parser.add_argument("--centre", metavar="ID", help="this centre's id (centre.id)")
    parser.add_argument("--once", action="store_true", help="one round, then exit")
    parser.set_defaults(handler=_sync)


class ProgressBar:
    """A one-line text bar on stderr for the first pull of a busy centre."""

    def __init__(self, stream: Any = sys.stderr, width: int = 30) -> None:
        self.stream = stream
        self.width = width
        self.shown = False

    def __call__(self, done: int, total: int | None) -> None:
        if not total or (total < 100 and not self.shown):
            return
        share = min(done / total, 1.0)
        filled = int(share * self.width)
        bar = "#" * filled + "." * (self.width - filled)
        self.stream.write(f"\rfirst pull [{bar}] {done}/{total} bookings")
        if done >= total:
            self.stream.write("\n")
        self.stream.flush()
        self.shown = True


def _token(settings: Settings) -> str:
    if settings.sync.token:
        return settings.sync.token
    if not settings.demo:
        raise UserError(
            "no sync token: set ASANQ_SYNC__TOKEN (IT issues one with "
            f"`asan-queue it token issue --centre {settings.centre.id}`)"
        )
    from kiosk_app.composition.sync_agent import demo_token
    from server_sync.it.demo import DEMO_IT_PASSWORD, DEMO_IT_USER

    try:
        token = demo_token(settings)
    except Exception as exc:
        raise UserError(f"demo: cannot prepare the sync token: {exc}") from None
    print(
        f"demo: IT page {settings.sync.central_url}/it (user {DEMO_IT_USER}, "
        f"password {DEMO_IT_PASSWORD})"
    )
    return token


def _sync(args: argparse.Namespace) -> int:
    settings = settings_from_args(
        args, **{"db.url": args.db, "sync.central_url": args.central, "centre.id": args.centre}
    )
    token = _token(settings)
    try:
        process = open_agent(settings, token, on_progress=ProgressBar())
    except (StoreError, SmsConfigError) as exc:
        raise UserError(str(exc)) from None
    agent, store = process.agent, process.store
    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    try:
        if args.once:
            if process.sms is not None:
                while process.sms.send_due() > 0:
                    pass
            report = agent.run_round()
            if report.catalogue is not None:
                print(f"catalogue version {report.catalogue}")
            print(
                f"pushed {report.pushed} events, pulled {report.pulled} bookings, "
                f"{report.config} config changes; backlog {store.backlog()}"
            )
            return 0
        print(
            f"sync agent for {settings.centre.id} → {settings.sync.central_url} "
            f"(every {settings.sync.interval_s:g} s)"
        )
        if process.sms is not None:
            print(f"centre SMS ('your turn is near') go to {settings.sms.url.split('@')[-1]}")
        process.start_sms()
        watchdog = StoreWatchdog(Notifier.from_env(), store.backlog)

        def after_round() -> None:
            watchdog.round_done()
            process.after_round()

        agent.run(stop, after_round=after_round)
        watchdog.notifier.close()
        return 0
    except CentralRefused as exc:
        if exc.status == 401:
            raise UserError(
                f"the central service refused the token of {settings.centre.id} "
                "(revoked or wrong): ask IT for a new one"
            ) from None
        raise UserError(f"the central service refused a sync message: {exc}") from None
    except CentralUnavailable as exc:
        raise UserError(f"central service unavailable: {exc}", exit_code=3) from None
    finally:
        process.close()
