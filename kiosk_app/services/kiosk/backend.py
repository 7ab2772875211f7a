"""The kiosk's use cases behind one object: check-in, walk-in, menu, printing, health.

Every call blocks (the presenter runs them on worker threads) and none raises
for the environment's faults: a store that went away becomes
`StoreUnavailable`, a printer fault a `PrintOutcome` saying what happened.
The same object serves the headless `asan-queue ticket` command.
"""

from __future__ import annotations

import logging
from importlib import metadata

from sqlalchemy.exc import SQLAlchemyError

from hardware.printing import PrintJob
from kiosk_app.domain.checkin import Refusal
from kiosk_app.services import queue_estimates
from kiosk_app.services.kiosk.exit_pin import ExitPinGuard
from kiosk_app.services.kiosk.printing import TicketPrinting
from kiosk_app.services.kiosk.ticket_desk import TicketDesk
from kiosk_app.services.kiosk.types import (
    CoolingDown,
    Issued,
    PrinterState,
    PrintOutcome,
    ServiceUnavailable,
    StoreUnavailable,
)
from kiosk_app.services.kiosk.walk_in_menu import WalkInMenu, build_menu, walk_in_services
from kiosk_app.store.engine import StoreError, check_reachable, read_tx
from kiosk_app.store.open_store import check_sound
from server_sync.kernel.catalogue import Text

log = logging.getLogger("asanq.kiosk")
_STORE_FAULTS = (SQLAlchemyError, StoreError, OSError)
DAMAGE_WORDS = ("malformed", "not a database", "is damaged")
STORE_DAMAGED_ALERT = (
    "centre store damaged: this kiosk is out of service (run `asan-queue db check`, "
    "restore the latest backup)"
)


def is_damage(exc: BaseException) -> bool:
    """A store that answers but whose file is damaged (SQLite's own words)."""
    text = str(getattr(exc, "orig", None) or exc)
    return any(word in text for word in DAMAGE_WORDS)


def app_version() -> str:
    try:
        return metadata.version("asan-queue")
    except metadata.PackageNotFoundError:
        return "dev"


class KioskBackend:
    """What the kiosk screens (and the ticket CLI) can ask of the centre."""

    def __init__(
        self, desk: TicketDesk, printing: TicketPrinting, exit_pin: ExitPinGuard | None = None
    ) -> None:
        self.desk = desk
        self.printing = printing
        self.exit_pin = exit_pin  # None: no exit PIN configured
        self.store_ok: bool = True
        self.store_damaged: bool = False

    # -- facts -------------------------------------------------------------
    @property
    def centre_name(self) -> Text:
        return self.desk.centre.name

    def centre_name_of(self, centre_id: str) -> Text | None:
        centre = self.desk.catalogue.centres.get(centre_id)
        return centre.name if centre else None

    @property
    def printer_state(self) -> PrinterState:
        return self.printing.state

    @property
    def link_reachable(self) -> bool | None:
        return self.desk.lookup_reachable

    def status_url(self, issued: Issued, language: str = "") -> str:
        return self.printing.url_for(issued, language)

    # -- use cases ---------------------------------------------------------
    def check_in(
        self, code: str, request_id: str | None, language: str
    ) -> Issued | Refusal | CoolingDown | StoreUnavailable:
        try:
            outcome = self.desk.check_in(code, request_id=request_id, language=language)
        except _STORE_FAULTS as exc:
            return self._store_down(exc)
        self.store_ok = True
        return outcome

    def issue_walk_in(
        self,
        service_id: str,
        request_id: str | None,
        language: str,
        phone: str | None = None,
        application_number: str | None = None,
    ) -> Issued | ServiceUnavailable | StoreUnavailable:
        try:
            outcome = self.desk.issue_walk_in(
                service_id,
                request_id=request_id,
                language=language,
                phone=phone,
                application_number=application_number,
            )
        except _STORE_FAULTS as exc:
            return self._store_down(exc)
        self.store_ok = True
        return outcome

    def menu(self) -> WalkInMenu | StoreUnavailable:
        """Services a walk-in can choose now, with people ahead and minutes."""
        desk = self.desk
        now = desk.clock.now()
        if not desk.centre.hours.is_open_at(now):
            return build_menu(desk.catalogue, desk.centre_id, now, {})
        try:
            with read_tx(desk.engine) as conn:
                estimates = queue_estimates.for_newcomers(
                    conn,
                    desk.catalogue,
                    desk.centre_id,
                    now,
                    walk_in_services(desk.catalogue, desk.centre_id),
                )
        except _STORE_FAULTS as exc:
            return self._store_down(exc)
        self.store_ok = True
        return build_menu(desk.catalogue, desk.centre_id, now, estimates)

    def prepare_print(self, issued: Issued, language: str) -> PrintJob:
        """The ticket's print job, laid out now (right after issuing, off the UI thread)."""
        return self.printing.layout(issued, language)

    def print_ticket(
        self, issued: Issued, language: str, prepared: object | None = None
    ) -> PrintOutcome:
        job = prepared if isinstance(prepared, PrintJob) else None
        return self.printing.print_ticket(issued, language, job)

    def poll_printer(self) -> PrinterState:
        return self.printing.poll()

    def check_store(self) -> bool:
        """Is the store reachable now? (health line; recovers after an outage). While
        the kiosk is out of service the store must pass the quick check again."""
        engine = self.desk.engine
        try:
            check_reachable(engine)
            if self.store_damaged and engine.dialect.name == "sqlite":
                check_sound(engine, engine.url.render_as_string(hide_password=False))
        except _STORE_FAULTS as exc:
            self._store_down(exc)
            return False
        if not self.store_ok:
            log.info("centre store reachable again")
        self.store_ok = True
        if self.store_damaged:
            log.warning("centre store passes its check again: kiosk back in service")
            self.store_damaged = False
            self.printing.kiosk_alert = None
            self._tell_staff()
        return True

    def _store_down(self, exc: BaseException) -> StoreUnavailable:
        damaged = is_damage(exc)
        if self.store_ok or (damaged and not self.store_damaged):
            line = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            if damaged:
                log.error("centre store damaged, kiosk out of service: %s", line)
            else:
                log.warning("centre store unavailable: %s", line)
        self.store_ok = False
        # Drop pooled connections: the next attempt opens the store afresh when it is back.
        self.desk.engine.dispose()
        if damaged and not self.store_damaged:
            self.store_damaged = True
            self.printing.kiosk_alert = STORE_DAMAGED_ALERT
            self._tell_staff()
        return StoreUnavailable(type(exc).__name__, damaged=self.store_damaged)

    def _tell_staff(self) -> None:
        """The kiosk's row in the devices table (management screen, IT heartbeat);
        a damaged store may refuse it too: the log line above stays."""
        try:
            self.printing.poll()
        except Exception as exc:  # the printer or the store: the alert is best effort
            log.warning("kiosk state not recorded: %s", type(exc).__name__)
