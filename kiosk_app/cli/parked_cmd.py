"""`asan-queue parked`: outbox events the central service refused, set aside.

    asan-queue parked list   [--db URL] [--all]
    asan-queue parked resend KEY [--db URL] [--by NAME]
    asan-queue parked drop   KEY [--db URL] [--by NAME]

KEY is the event's key or its first characters. `resend` puts the event back in
the outbox, in its place (the agent's next round sends it); `drop` means it is
never sent. Both are written to the audit trail with NAME (default: the login).
Exit codes: 0 done, 1 no such event, 2 a problem with the request or the store.
"""

from __future__ import annotations

import argparse
import getpass
from typing import Any

from kiosk_app.cli.common import UserError, settings_from_args
from kiosk_app.services.parked_events import ParkedEventError, ParkedEvents
from kiosk_app.store.engine import StoreError
from kiosk_app.store.open_store import open_store
from server_sync.kernel.clock import BAKU, SystemClock


def register(sub: Any) -> None:
    parser = sub.add_parser("parked", help="outbox events central refused: list, resend, drop")
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    listing = actions.add_parser("list", help="the parked events, oldest first")
    listing.add_argument("--all", action="store_true", help="dropped ones too")
    listing.set_defaults(handler=_list)
    for name, help_text in (
        ("resend", "put a parked event back in the outbox"),
        ("drop", "never send a parked event"),
    ):
        action = actions.add_parser(name, help=help_text)
        action.add_argument("key", help="the event's key (or its first characters)")
        action.add_argument("--by", metavar="NAME", help="who, for the audit trail")
        action.set_defaults(handler=_change)
    for action in actions.choices.values():
        action.add_argument("--db", metavar="URL", help="centre store URL (db.url)")


def _service(args: argparse.Namespace) -> ParkedEvents:
    settings = settings_from_args(args, **{"db.url": args.db})
    try:
        return ParkedEvents(
            open_store(settings.db.url, quick_check=settings.db.check_on_open), SystemClock()
        )
    except StoreError as exc:
        raise UserError(str(exc)) from None


def _list(args: argparse.Namespace) -> int:
    service = _service(args)
    try:
        events = service.list(include_dropped=args.all)
    except StoreError as exc:
        raise UserError(str(exc)) from None
    finally:
        service.engine.dispose()
    if not events:
        print("no parked events")
        return 0
    for e in events:
        when = e.parked_at.astimezone(BAKU).strftime("%Y-%m-%d %H:%M")
        state = f"  DROPPED by {e.dropped_by}" if e.dropped_at else ""
        print(f"{e.key}  #{e.seq}  {e.kind}  parked {when}  {e.reason}{state}")
    print(f"{sum(1 for e in events if not e.dropped_at)} parked")
    return 0


def _change(args: argparse.Namespace) -> int:
    service = _service(args)
    by = args.by or getpass.getuser()
    try:
        if args.action == "resend":
            event = service.resend(args.key, by)
            print(f"event {event.key} (#{event.seq}, {event.kind}) is back in the outbox")
        else:
            event = service.drop(args.key, by)
            print(f"event {event.key} (#{event.seq}, {event.kind}) dropped: it will not be sent")
    except ParkedEventError as exc:
        raise UserError(str(exc), exit_code=1) from None
    finally:
        service.engine.dispose()
    return 0
