"""The printer's test page (`asan-queue ticket --test-page`): every Azerbaijani letter
and a QR code, with what the printer reports before and after, as lines of text. The
command prints it itself, or a running kiosk prints it on the printer it holds."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from hardware.printing import PrinterError, TicketFormat, TicketPrinter, job_to_bytes
from kiosk_app.services.kiosk.handoff import PRINTED, PRINTER_FAILED, Reply
from kiosk_app.services.kiosk.printer_words import status_words
from kiosk_app.services.kiosk.ticket_words import self_test_slip
from kiosk_app.settings import Settings
from server_sync.kernel.i18n import Translator


def self_test_reply(
    printer: TicketPrinter, fmt: TicketFormat, settings: Settings, tr: Translator, *, now: datetime
) -> Reply:
    """Print the test page on `printer`; the status before, the outcome, the status after."""
    config = settings.printer
    local = now.astimezone(ZoneInfo(settings.centre.timezone))
    job = fmt.layout(self_test_slip(local, f"{settings.kiosk.status_base_url}/test", tr.language))

    def status_line() -> str:
        return tr(
            "kiosk.cli.printer_status", url=config.url, status=status_words(tr, printer.status())
        )

    before = status_line()
    try:
        printer.print_job(job)
    except PrinterError as exc:
        failed = tr("kiosk.cli.test_page_not_printed", code=exc.code, error=exc)
        return Reply(PRINTER_FAILED, (before, failed))
    size = len(job_to_bytes(job, config.profile))
    printed = tr("kiosk.cli.test_page_printed", size=size, width=config.paper_width_mm)
    return Reply(PRINTED, (before, printed, status_line()))
