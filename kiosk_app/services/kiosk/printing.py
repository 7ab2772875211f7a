"""Printing tickets: Ticket → hardware TicketSlip → print job → printer, and the
printer's health recorded for staff.

Blocking by design: the kiosk calls it on its printer worker thread, never on
the UI thread. Reprinting hands the same ticket to the printer again; it never
asks the ticket desk, so a retry can never create a second ticket. Each change
of printer state is written to the devices table with a "printer_status" outbox
event, so the management screen and IT see it.
"""

from __future__ import annotations

import logging
import threading
from zoneinfo import ZoneInfo

from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from hardware.printing import (
    Online,
    Paper,
    PrinterError,
    PrinterStatus,
    PrintJob,
    TicketFormat,
    TicketPrinter,
    TicketSlip,
)
from kiosk_app.services.kiosk.device_status import DeviceReport, record_device
from kiosk_app.services.kiosk.ticket_words import ticket_words
from kiosk_app.services.kiosk.types import Issued, PrinterState, PrintOutcome
from kiosk_app.store import ticket_repo
from kiosk_app.store.engine import write_tx
from server_sync.kernel.catalogue import Catalogue
from server_sync.kernel.clock import Clock
from server_sync.kernel.i18n import N_, Translator

log = logging.getLogger("asanq.printer")

_ERROR_STATE = {
    "paper_out": PrinterState.PAPER_OUT,
    "cover_open": PrinterState.COVER_OPEN,
    "offline": PrinterState.OFFLINE,
    "timeout": PrinterState.OFFLINE,
}
#: What staff should do, by printer state. The device record keeps it in English (the
#: sync protocol's field, read by `asan-queue it status`); screens and the IT page show
#: the same catalogue message in their own language, from the state code.
STAFF_ALERTS = {
    PrinterState.PAPER_OUT: N_("common.alert.paper_out.action"),
    PrinterState.PAPER_LOW: N_("common.alert.paper_near_end.action"),
    PrinterState.COVER_OPEN: N_("common.alert.cover_open.action"),
    PrinterState.OFFLINE: N_("common.alert.printer_offline.action"),
}


def status_url(base_url: str, centre_id: str, day: str, number: str) -> str:
    """The ticket's live status page (the QR payload); no personal data in it."""
    return f"{base_url.rstrip('/')}/{centre_id}/{day}/{number}"


def state_of(status: PrinterStatus) -> PrinterState:
    """What a status answer means for visitors and staff."""
    if status.cover_open:
        return PrinterState.COVER_OPEN
    if status.paper is Paper.OUT:
        return PrinterState.PAPER_OUT
    if status.online is Online.OFFLINE:
        return PrinterState.OFFLINE
    if status.online is Online.UNKNOWN:
        return PrinterState.UNKNOWN
    if status.paper is Paper.NEAR_END:
        return PrinterState.PAPER_LOW
    return PrinterState.READY


class TicketPrinting:
    """Lays out and prints tickets on the kiosk's printer; keeps its state current."""

    def __init__(
        self,
        printer: TicketPrinter,
        fmt: TicketFormat,
        engine: Engine,
        clock: Clock,
        catalogue: Catalogue,
        centre_id: str,
        *,
        device_id: str,
        status_base_url: str,
        version: str = "",
    ) -> None:
        self.printer = printer
        self.format = fmt
        self.engine = engine
        self.clock = clock
        self.catalogue = catalogue
        self.centre_id = centre_id
        self.device_id = device_id
        self.status_base_url = status_base_url
        self.version = version
        self._lock = threading.Lock()  # one job at a time reaches the printer
        self._reported: DeviceReport | None = None
        #: set while the kiosk is out of service (a damaged store): staff see it on the
        #: management screen and IT in the heartbeat, in place of the printer's alert
        self.kiosk_alert: str | None = None
        self.state = PrinterState.UNKNOWN

    def url_for(self, issued: Issued) -> str:
        t = issued.ticket
        return status_url(self.status_base_url, t.centre_id, t.day.isoformat(), t.display)

    def slip_for(self, issued: Issued, language: str) -> TicketSlip:
        """What the printed ticket says, in the visitor's language."""
        tr = Translator(language)
        centre = self.catalogue.centres[self.centre_id]
        tz = ZoneInfo(centre.timezone)
        t = issued.ticket
        return TicketSlip(
            centre_name=centre.name(tr.language),
            number=t.display,
            service_name=issued.service.name(tr.language),
            status_url=self.url_for(issued),
            words=ticket_words(
                tr,
                ahead=issued.estimate.people_ahead,
                wait_minutes=issued.estimate.minutes,
                issued_at=t.issued_at.astimezone(tz),
                booking_slot=t.slot_at.astimezone(tz).time() if t.slot_at else None,
            ),
        )

    def layout(self, issued: Issued, language: str) -> PrintJob:
        return self.format.layout(self.slip_for(issued, language))

    def print_ticket(
        self, issued: Issued, language: str, job: PrintJob | None = None
    ) -> PrintOutcome:
        """Print (or reprint) this ticket; never raises for printer trouble."""
        job = job or self.layout(issued, language)
        t = issued.ticket
        with self._lock:
            try:
                self.printer.print_job(job)
            except PrinterError as exc:
                state = _ERROR_STATE.get(exc.code, PrinterState.OFFLINE)
                if exc.status is not None and exc.status.answered:
                    state = state_of(exc.status)
                log.warning("ticket %s not printed: %s (%s)", t.display, exc, exc.code)
                self._note(state, exc.status, error=exc.code)
                return PrintOutcome(t.id, t.display, False, state, exc.code)
            after = getattr(self.printer, "last_status", None)
            state = state_of(after) if isinstance(after, PrinterStatus) else PrinterState.READY
            if state is PrinterState.UNKNOWN:
                state = PrinterState.READY  # it took the whole job: it is there
            self._note(state, after if isinstance(after, PrinterStatus) else None)
        self._mark_printed(t.id)
        log.info("ticket %s printed", t.display)
        return PrintOutcome(t.id, t.display, True, state)

    def poll(self) -> PrinterState:
        """Ask the printer now (a heartbeat for the devices table too)."""
        with self._lock:
            status = self.printer.status()
            self._note(state_of(status), status, heartbeat=True)
        return self.state

    def _note(
        self,
        state: PrinterState,
        status: PrinterStatus | None,
        *,
        error: str | None = None,
        heartbeat: bool = False,
    ) -> None:
        self.state = state
        report = DeviceReport(
            device_id=self.device_id,
            version=self.version,
            printer_state=_online_word(state, status),
            paper=_paper_word(state, status),
            cover_open=(
                status.cover_open
                if status is not None
                else (True if state is PrinterState.COVER_OPEN else None)
            ),
            alert=self.kiosk_alert
            or (Translator("en")(STAFF_ALERTS[state]) if state in STAFF_ALERTS else None),
            state="out_of_service" if self.kiosk_alert else state.value,
            error=error,
        )
        changed = self._reported is None or report.differs(self._reported)
        if not changed and not heartbeat:
            return
        try:
            record_device(self.engine, report, self.clock.now(), event=changed)
        except SQLAlchemyError as exc:
            log.warning("printer state %s not recorded (store unavailable: %s)", state, exc)
            return
        self._reported = report

    def _mark_printed(self, ticket_id: int) -> None:
        try:
            with write_tx(self.engine) as conn:
                ticket_repo.mark_printed(conn, ticket_id, self.clock.now())
        except SQLAlchemyError as exc:
            log.warning("ticket %s printed but not marked (store: %s)", ticket_id, exc)


def _online_word(state: PrinterState, status: PrinterStatus | None) -> str:
    if status is not None and status.answered:
        return status.online.value
    if state is PrinterState.UNKNOWN:
        return "unknown"
    return "offline" if state is PrinterState.OFFLINE else "online"


def _paper_word(state: PrinterState, status: PrinterStatus | None) -> str:
    if state is PrinterState.PAPER_OUT:
        return "out"
    if status is not None:
        return status.paper.value
    return {PrinterState.READY: "ok", PrinterState.PAPER_LOW: "near_end"}.get(state, "unknown")
