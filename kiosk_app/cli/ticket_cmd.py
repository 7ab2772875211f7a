"""`asan-queue ticket --test-page`: print on the configured printer and report its status.

One action per run, chosen from a mutually exclusive group; the kiosk's ticket
actions (`--code`, `--service`) join the same group.
"""

from __future__ import annotations

import argparse
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from hardware.printing import (
    PrinterError,
    PrinterUrlError,
    job_to_bytes,
    open_printer,
    self_test_slip,
    ticket_format,
)
from kiosk_app.cli.common import UserError, settings_from_args
from kiosk_app.settings import Settings

PRINTER_FAILED = 3  # exit code when the printer (not the command line) is at fault


def register(sub: Any) -> None:
    parser: argparse.ArgumentParser = sub.add_parser(
        "ticket", help="print a ticket or a test page on the configured printer"
    )
    parser.add_argument("--printer", metavar="URL", help="printer URL (default: printer.url)")
    action = parser.add_mutually_exclusive_group(required=True)
    action.add_argument(
        "--test-page",
        action="store_true",
        help="print every Azerbaijani letter and a QR code, then report the status",
    )
    parser.set_defaults(handler=_ticket)


def _ticket(args: argparse.Namespace) -> int:
    settings = settings_from_args(args, **{"printer.url": args.printer})
    if args.test_page:
        return print_test_page(settings)
    raise UserError("nothing to do")  # pragma: no cover - argparse requires an action


def print_test_page(settings: Settings) -> int:
    """Print the test page; say what the printer reports, before and after, in words."""
    url = settings.printer.url
    try:
        printer = open_printer(settings.printer)
        layout = ticket_format(settings.printer)
    except (PrinterUrlError, ValueError) as exc:
        raise UserError(str(exc)) from None
    now = datetime.now(ZoneInfo(settings.centre.timezone))
    slip = self_test_slip(now, f"{settings.kiosk.status_base_url}/test")
    job = layout.layout(slip)
    print(f"Printer {url}: {printer.status().describe()}")
    try:
        printer.print_job(job)
    except PrinterError as exc:
        printer.close()
        print(f"Test page NOT printed ({exc.code}): {exc}")
        return PRINTER_FAILED
    size = len(job_to_bytes(job, settings.printer.profile))
    print(f"Test page printed ({size} bytes, {settings.printer.paper_width_mm} mm paper).")
    print(f"Printer {url}: {printer.status().describe()}")
    printer.close()
    return 0
