"""`asan-queue ticket`: a test page, or the kiosk's two flows without a screen.

One action per run, chosen from a mutually exclusive group: `--test-page`
prints on the configured printer and reports its status; `--code CODE` checks
an online booking in and `--service ID` issues a walk-in ticket, against the
same store and printer as the kiosk, with the kiosk's messages (staff desk and
IT use). While a kiosk runs on the machine, it does each of them on its own
printer (`kiosk_app.services.kiosk.handoff`). Exit codes: 0 printed, 1 refused,
3 issued but not printed.
"""

from __future__ import annotations

import argparse
import logging
import sys
import uuid
from typing import Any

from kiosk_app.cli.common import UserError, settings_from_args
from kiosk_app.services.kiosk.handoff import (
    HandoffError,
    TicketRequest,
    ask_kiosk,
    socket_path,
)
from kiosk_app.settings import Settings

log = logging.getLogger("asanq.kiosk")


def register(sub: Any) -> None:
    parser: argparse.ArgumentParser = sub.add_parser(
        "ticket", help="print a ticket or a test page on the configured printer"
    )
    parser.add_argument("--printer", metavar="URL", help="printer URL (default: printer.url)")
    parser.add_argument("--db", metavar="URL", help="centre store URL (default: db.url)")
    parser.add_argument(
        "--lang", choices=("az", "ru", "en"), help="language of the messages and the ticket"
    )
    action = parser.add_mutually_exclusive_group(required=True)
    action.add_argument(
        "--test-page",
        action="store_true",
        help="print every Azerbaijani letter and a QR code, then report the status",
    )
    action.add_argument("--code", metavar="CODE", help="check in an online order code")
    action.add_argument("--service", metavar="ID", help="issue a walk-in ticket for a service")
    # one ticket and out: the store and printer are closed before the command returns
    parser.set_defaults(handler=_ticket, quick_exit=True)


def _ticket(args: argparse.Namespace) -> int:
    settings = settings_from_args(
        args, **{"printer.url": args.printer, "db.url": getattr(args, "db", None)}
    )
    if not (args.test_page or args.code or args.service):  # pragma: no cover - argparse
        raise UserError("nothing to do")
    language: str = args.lang or settings.kiosk.language
    request = TicketRequest(
        service_id=args.service,
        code=args.code,
        test_page=bool(args.test_page),
        language=language,
        request_id=f"cli-{uuid.uuid4().hex}",
    )
    # A running kiosk owns the printer: it issues and prints, the test page too (unless
    # --printer names another one). Only when none listens does this process open the
    # store and the printer itself.
    path = None if args.printer else socket_path(settings.kiosk.ticket_socket, settings.db.url)
    if path is not None:
        try:
            reply = ask_kiosk(path, request)
        except HandoffError as exc:
            # the same request id: a ticket the kiosk did issue is found, not issued again
            # (a test page may come out twice)
            from server_sync.kernel.i18n import Translator

            log.warning("the kiosk at %s gave no answer: %s", path, exc)
            tr = Translator(language)
            lost = tr("kiosk.cli.handoff_lost")
            print(f"asan-queue ticket: {lost}", file=sys.stderr)
        else:
            if reply is not None:
                return reply.say()
    if args.test_page:
        return print_test_page(settings, language)
    from kiosk_app.cli.ticket_flow import issue_ticket

    return issue_ticket(
        settings,
        code=args.code,
        service_id=args.service,
        language=language,
        request_id=request.request_id,
    )


def print_test_page(settings: Settings, language: str | None = None) -> int:
    """Print the test page; say what the printer reports, before and after, in words."""
    from hardware.printing import PrinterUrlError, open_printer, ticket_format
    from kiosk_app.services.kiosk.self_test import self_test_reply
    from server_sync.kernel.i18n import Translator

    tr = Translator(language or settings.kiosk.language)
    try:
        printer = open_printer(settings.printer)
        fmt = ticket_format(settings.printer)
    except (PrinterUrlError, ValueError) as exc:
        raise UserError(str(exc)) from None
    try:
        reply = self_test_reply(printer, fmt, settings, tr, now=settings.clock().now())
    finally:
        printer.close()
    return reply.say()
