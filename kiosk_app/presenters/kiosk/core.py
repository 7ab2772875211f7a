"""The kiosk presenter's core: state, observers, navigation, answers from the
backend, refusal messages and the ticket with its printing.

The visitor's flows (keypad, walk-in menu, staff exit, idle time) build on this
in `kiosk_app.presenters.kiosk.presenter.KioskPresenter`.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from kiosk_app.domain.checkin import BadCheckDigit, Refusal
from kiosk_app.presenters.kiosk.application_number import ApplicationNumber
from kiosk_app.presenters.kiosk.keypad import CodeEntry
from kiosk_app.presenters.kiosk.menu import MenuBrowser
from kiosk_app.presenters.kiosk.messages import (
    HOME,
    RETRY,
    RETYPE,
    WALK_IN,
    MessageView,
    refusal_message,
)
from kiosk_app.presenters.kiosk.ports import (
    KioskBackendPort,
    KioskOptions,
    PrintState,
    Screen,
    TicketView,
    ticket_view,
)
from kiosk_app.presenters.kiosk.runner import Runner
from kiosk_app.presenters.kiosk.staff_exit import StaffExit
from kiosk_app.presenters.kiosk.water import WaterDeskPort, WaterState
from kiosk_app.services.kiosk.types import (
    CoolingDown,
    Issued,
    PinVerdict,
    PrinterState,
    PrintOutcome,
    ServiceUnavailable,
    StoreUnavailable,
)

if TYPE_CHECKING:
    pass
from server_sync.kernel.i18n import LANGUAGES, N_, Translator

log = logging.getLogger("asanq.kiosk")
T = TypeVar("T")
Message = Refusal | ServiceUnavailable | StoreUnavailable | CoolingDown
Answer = Issued | Message
PRINTER_POLL_TROUBLE_S = 5.0
STORE_POLL_OK_S = 60.0
OUT_OF_SERVICE_POLL_S = 5.0
OUT_OF_SERVICE_TITLE = N_("kiosk.out_of_service.title")
OUT_OF_SERVICE_TEXT = N_("kiosk.out_of_service.text")


class KioskCore:
    def __init__(
        self,
        backend: KioskBackendPort,
        runner: Runner,
        options: KioskOptions | None = None,
        *,
        check_pin: Callable[[str], PinVerdict] | None = None,
        monotonic: Callable[[], float] = time.monotonic,
        water: WaterDeskPort | None = None,
    ) -> None:
        self.backend = backend
        self.water_desk = water
        self.water = WaterState()
        self.runner = runner
        self.options = options or KioskOptions()
        self.monotonic = monotonic
        self.tr = Translator(self.options.language)
        self.screen = Screen.HOME
        self.entry = CodeEntry()
        self.phone = CodeEntry(length=10)  # a walk-in's mobile number, 0XX XXX XX XX
        self.phone_service: str | None = None  # the walk-in's service, between its steps
        self.phone_error: str | None = None
        self.application = ApplicationNumber()  # a walk-in's agency application, as typed
        self.application_number: str | None = None  # ...once confirmed
        self.browser = MenuBrowser()
        self.staff = StaffExit(check_pin)
        self.code_error: BadCheckDigit | None = None
        self.busy_key = N_("kiosk.busy.checking")
        self.message_source: Message | None = None
        self.issued: Issued | None = None
        self.print_state = PrintState.PRINTING
        self.quit_requested = False
        self.accessible = False  # the accessible mode (kiosk_app.presenters.kiosk.accessible)
        self.request_id = uuid.uuid4().hex
        self._retry: Callable[[], None] | None = None
        self._staff_return = Screen.HOME
        self._observers: list[Callable[[], None]] = []
        now = monotonic()
        self.last_touch = now
        self._shown_at = now
        self._printer_poll_at = now
        self._store_poll_at = now + STORE_POLL_OK_S
        self.store_ok_at: float | None = now  # the store was opened just before (watchdog)
        self._polling: set[str] = set()
        self._print_results: dict[int, PrintOutcome | None] = {}

    # -- flows the subclass provides (a refusal's buttons lead to them) ---------------
    def choose_code(self) -> None:
        raise NotImplementedError

    def choose_walk_in(self) -> None:
        raise NotImplementedError

    # -- observing ------------------------------------------------------------------
    def subscribe(self, observer: Callable[[], None]) -> Callable[[], None]:
        self._observers.append(observer)
        return lambda: self._observers.remove(observer)

    def _changed(self) -> None:
        for observer in list(self._observers):
            observer()

    def _show(self, screen: Screen) -> None:
        self.screen = screen
        self._shown_at = self.monotonic()
        self._changed()

    @property
    def language(self) -> str:
        return self.tr.language

    @property
    def centre_name(self) -> str:
        return self.backend.centre_name(self.language)

    # -- every screen -----------------------------------------------------------------
    def touched(self) -> None:
        self.last_touch = self.monotonic()

    def set_accessible(self, on: bool) -> None:
        if on != self.accessible:
            self.accessible = on
            self._changed()

    def toggle_accessible(self) -> None:
        self.set_accessible(not self.accessible)

    def set_language(self, language: str) -> None:
        if language in LANGUAGES and language != self.tr.language:
            self.tr.language = language
            self._changed()

    @property
    def out_of_service_texts(self) -> list[tuple[str, str]]:
        """(title, what to do) in the visitor's language first, then the other two."""
        order = [self.language, *(lang for lang in LANGUAGES if lang != self.language)]
        return [
            (
                Translator(lang)(OUT_OF_SERVICE_TITLE),
                Translator(lang)(OUT_OF_SERVICE_TEXT),
            )
            for lang in order
        ]

    @property
    def out_of_service(self) -> bool:
        """The store is damaged: the kiosk shows only the out-of-service screen."""
        return self.backend.store_damaged

    def reconfigure(self, options: KioskOptions) -> None:
        """IT's push reached the store (the backend already runs on it): take the new
        options, and leave a "closed" message that may no longer be true."""
        self.options = options
        source = self.message_source
        if isinstance(source, ServiceUnavailable) and source.reason == "closed":
            self.go_home()
        else:
            self._changed()

    def go_home(self) -> None:
        """Back to the start; forget everything this visitor typed (privacy). While
        the kiosk is out of service, "the start" is the out-of-service screen."""
        self.entry.clear()
        self.code_error = None
        self.phone.clear()
        self.phone_service, self.phone_error = None, None
        self.application.reset()
        self.application_number = None
        self.browser.reset()
        self.water.reset()
        self.message_source = None
        self.issued = None
        self._retry = None
        self.request_id = uuid.uuid4().hex
        self._show(Screen.OUT_OF_SERVICE if self.out_of_service else Screen.HOME)

    def back(self) -> None:
        if self.screen is Screen.SERVICES and self.browser.query:
            self._show(Screen.SEARCH)
        elif self.screen in (Screen.SERVICES, Screen.SEARCH):
            self.browser.agency_id, self.browser.page = None, 0
            self.browser.clear_query()
            self._show(Screen.AGENCIES)
        elif self.screen in (Screen.PHONE, Screen.APPLICATION):
            self.phone.clear()
            self.application.keys.clear()
            self.application_number = None
            self._show(Screen.SERVICES)
        elif self.screen is Screen.STAFF:
            self._show(self._staff_return)
        elif self.screen is not Screen.BUSY:
            self.go_home()

    @property
    def status_text(self) -> str:
        """The status line in visitor words; empty (hidden) when all is well."""
        parts = []
        if self.backend.printer_state in (
            PrinterState.PAPER_OUT,
            PrinterState.COVER_OPEN,
            PrinterState.OFFLINE,
        ):
            parts.append(self.tr("kiosk.status.printer_down"))
        if not self.backend.store_ok:
            parts.append(self.tr("kiosk.status.store_down"))
        if self.backend.link_reachable is False:
            parts.append(self.tr("kiosk.status.link_down"))
        return "   ·   ".join(parts)

    # -- asking the backend -------------------------------------------------------------
    def _busy(
        self,
        key: str,
        job: Callable[[], T],
        done: Callable[[T], None],
        *,
        retry: Callable[[], None],
    ) -> None:
        if self.screen is Screen.BUSY:
            return
        self.busy_key = key
        self._retry = retry
        self._show(Screen.BUSY)
        self.runner.run("desk", job, done, self._failed)

    def _issuing(self, ask: Callable[[], Answer]) -> Callable[[], Answer]:
        """The desk job: issue, lay the ticket out and queue it for the printer at
        once, from the worker (the ticket is in the store by then). The UI thread,
        perhaps busy painting, is not waited for: a tap reaches the printer fast."""
        backend, language, runner = self.backend, self.language, self.runner

        def job() -> Answer:
            outcome = ask()
            if isinstance(outcome, Issued):
                prepared = backend.prepare_print(outcome, language)
                runner.run(
                    "printer",
                    lambda: backend.print_ticket(outcome, language, prepared),
                    self._printed,
                    lambda _e: self._printed(None, outcome.ticket.id),
                )
            return outcome

        return job

    def _failed(self, error: BaseException) -> None:
        self._message(StoreUnavailable(type(error).__name__))

    def _answered(self, outcome: Answer) -> None:
        if isinstance(outcome, Issued):
            self._show_ticket(outcome)
        elif isinstance(outcome, BadCheckDigit):
            self.code_error = outcome
            self._show(Screen.CODE)
        else:
            self._message(outcome)

    def _message(self, source: Message) -> None:
        if isinstance(source, StoreUnavailable) and source.damaged:
            # the out-of-service screen (what was typed is forgotten), and look at the
            # store again soon: the kiosk comes back by itself once it is restored
            self._store_poll_at = min(self._store_poll_at, self.monotonic() + OUT_OF_SERVICE_POLL_S)
            self.go_home()
            return
        self.message_source = source
        self._show(Screen.MESSAGE)

    @property
    def message(self) -> MessageView | None:
        if self.message_source is None:
            return None
        return refusal_message(
            self.tr,
            self.message_source,
            centre_name=self.backend.centre_name_of,
            offer_walk_in_when_late=self.options.offer_walk_in_when_late,
            link_down=self.backend.link_reachable is False,
        )

    def message_action(self, action: str) -> None:
        if action == RETYPE:
            self.choose_code()
        elif action == WALK_IN:
            self.request_id = uuid.uuid4().hex
            self.choose_walk_in()
        elif action == RETRY and self._retry is not None:
            self._retry()
        elif action == HOME:
            self.go_home()

    # -- the ticket ------------------------------------------------------------------------
    def _show_ticket(self, issued: Issued) -> None:
        """Show the ticket (already in the store, already queued for the printer)."""
        self.issued = issued
        self.entry.clear()
        self.print_state = PrintState.PRINTING
        if issued.ticket.id in self._print_results:
            self._apply_print(self._print_results[issued.ticket.id])
        self._print_results.clear()
        self._show(Screen.TICKET)

    def _print(self) -> None:
        issued, language = self.issued, self.language
        if issued is None:
            return
        self.print_state = PrintState.PRINTING
        self.runner.run(
            "printer",
            lambda: self.backend.print_ticket(issued, language),
            self._printed,
            lambda _e: self._printed(None, issued.ticket.id),
        )
        self._changed()

    def _printed(self, outcome: PrintOutcome | None, ticket_id: int | None = None) -> None:
        """A print finished; it may come before its ticket is on screen (kept until then)."""
        ticket_id = outcome.ticket_id if outcome is not None else ticket_id
        self._printer_poll_at = self.monotonic() + PRINTER_POLL_TROUBLE_S
        if ticket_id is None:
            return
        if self.issued is None or self.issued.ticket.id != ticket_id:
            self._print_results[ticket_id] = outcome
            return
        self._apply_print(outcome)
        self._changed()

    def _apply_print(self, outcome: PrintOutcome | None) -> None:
        printed = outcome is not None and outcome.printed
        self.print_state = PrintState.PRINTED if printed else PrintState.FAILED
        self._shown_at = self.monotonic()

    def retry_print(self) -> None:
        """Print the same ticket again: never a new ticket."""
        if self.screen is Screen.TICKET and self.print_state is PrintState.FAILED:
            self._print()

    @property
    def ticket(self) -> TicketView | None:
        if self.issued is None:
            return None
        url = self.backend.status_url(self.issued, self.tr.language)
        return ticket_view(self.tr, self.issued, self.print_state, url)
