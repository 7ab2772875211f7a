"""`asan-queue ticket`: a test page, or the kiosk's two flows without a screen.

One action per run, chosen from a mutually exclusive group: `--test-page`
prints on the configured printer and reports its status; `--code CODE` checks
an online booking in and `--service ID` issues a walk-in ticket, against the
same store and printer as the kiosk, with the kiosk's messages (staff desk and
IT use). Exit codes: 0 printed, 1 refused, 3 issued but not printed.
"""

from __future__ import annotations

import argparse
import logging
import sys
import uuid
from typing import Any

from kiosk_app.cli.common import UserError, settings_from_args
from kiosk_app.services.kiosk.handoff import (
    PRINTER_FAILED,
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
    parser.set_defaults(handler=_ticket)


def _ticket(args: argparse.Namespace) -> int:
    settings = settings_from_args(
        args, **{"printer.url": args.printer, "db.url": getattr(args, "db", None)}
    )
    if args.test_page:
        return print_test_page(settings, args.lang)
    if args.code is None and args.service is None:  # pragma: no cover - argparse requires one
        raise UserError("nothing to do")
    language: str = args.lang or settings.kiosk.language
    request = TicketRequest(
        service_id=args.service,
        code=args.code,
        language=language,
        request_id=f"cli-{uuid.uuid4().hex}",
    )
    # A running kiosk owns the printer: it issues and prints (unless --printer names
    # another one). Only when none listens does this process open the store itself.
    path = None if args.printer else socket_path(settings.kiosk.ticket_socket, settings.db.url)
    if path is not None:
        try:
            reply = ask_kiosk(path, request)
        except HandoffError as exc:
            # the same request id: a ticket the kiosk did issue is found, not issued again
            from server_sync.kernel.i18n import Translator

            log.warning("the kiosk at %s gave no answer: %s", path, exc)
            tr = Translator(language)
            lost = tr("kiosk.cli.handoff_lost")
            print(f"asan-queue ticket: {lost}", file=sys.stderr)
        else:
            if reply is not None:
                for line in reply.lines:
                    print(line)
                return reply.exit_code
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
    from zoneinfo import ZoneInfo

    from hardware.printing import (
        PrinterError,
        PrinterUrlError,
        job_to_bytes,
        open_printer,
        ticket_format,
    )
    from kiosk_app.services.kiosk.printer_words import status_words
    from kiosk_app.services.kiosk.ticket_words import self_test_slip
    from server_sync.kernel.i18n import Translator

    tr = Translator(language or settings.kiosk.language)
    url = settings.printer.url
    try:
        printer = open_printer(settings.printer)
        layout = ticket_format(settings.printer)
    except (PrinterUrlError, ValueError) as exc:
        raise UserError(str(exc)) from None
    now = settings.clock().now().astimezone(ZoneInfo(settings.centre.timezone))
    slip = self_test_slip(now, f"{settings.kiosk.status_base_url}/test", tr.language)
    job = layout.layout(slip)
    print(tr("kiosk.cli.printer_status", url=url, status=status_words(tr, printer.status())))
    try:
        printer.print_job(job)
    except PrinterError as exc:
        printer.close()
        print(tr("kiosk.cli.test_page_not_printed", code=exc.code, error=exc))
        return PRINTER_FAILED
    size = len(job_to_bytes(job, settings.printer.profile))
    width = settings.printer.paper_width_mm
    print(tr("kiosk.cli.test_page_printed", size=size, width=width))
    print(tr("kiosk.cli.printer_status", url=url, status=status_words(tr, printer.status())))
    printer.close()
    return 0
