"""The kiosk's view-model: which screen, what it says, and what each tap does.

Plain Python, no Qt: the widgets observe it (`subscribe`) and forward taps,
scans and a one-second `tick`. Blocking work (store, printer) goes through a
`Runner` to worker threads; results come back on the UI thread. All visitor
text comes from `assets/i18n/kiosk.json` in the current language.
"""

from __future__ import annotations

import enum
import logging
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol, TypeVar

from kiosk_app.domain.checkin import BadCheckDigit, Refusal, TooLate, precheck_code
from kiosk_app.i18n import LANGUAGES, Translator
from kiosk_app.presenters.kiosk_keypad import CodeEntry
from kiosk_app.presenters.kiosk_menu import KEYBOARDS, MenuBrowser, Page
from kiosk_app.presenters.kiosk_messages import (
    HOME,
    RETRY,
    RETYPE,
    WALK_IN,
    MessageView,
    hhmm,
    refusal_message,
    typing_error,
)
from kiosk_app.presenters.kiosk_runner import Runner
from kiosk_app.presenters.kiosk_staff import StaffExit
from kiosk_app.services.kiosk_types import (
    Issued,
    PrinterState,
    PrintOutcome,
    ServiceUnavailable,
    StoreUnavailable,
)
from kiosk_app.services.walk_in_menu import WalkInMenu
from server_sync.domain.catalogue import Text

log = logging.getLogger("asanq.kiosk")
T = TypeVar("T")

PRINTER_POLL_OK_S, PRINTER_POLL_TROUBLE_S = 30.0, 5.0
STORE_POLL_OK_S, STORE_POLL_TROUBLE_S = 60.0, 5.0
TICKET_SCREEN_S = 20.0  # a printed ticket's screen goes home sooner than the idle time


class Screen(enum.StrEnum):
    HOME = "home"
    CODE = "code"
    AGENCIES = "agencies"
    SERVICES = "services"
    SEARCH = "search"
    BUSY = "busy"
    TICKET = "ticket"
    MESSAGE = "message"
    STAFF = "staff"


class PrintState(enum.StrEnum):
    PRINTING = "printing"
    PRINTED = "printed"
    FAILED = "failed"


class KioskBackendPort(Protocol):
    """What the kiosk asks of the centre (implemented by services.KioskBackend)."""

    @property
    def centre_name(self) -> Text: ...
    @property
    def printer_state(self) -> PrinterState: ...
    @property
    def link_reachable(self) -> bool | None: ...
    @property
    def store_ok(self) -> bool: ...
    def centre_name_of(self, centre_id: str) -> Text | None: ...
    def status_url(self, issued: Issued) -> str: ...
    def check_in(
        self, code: str, request_id: str | None, language: str
    ) -> Issued | Refusal | StoreUnavailable: ...
    def issue_walk_in(
        self, service_id: str, request_id: str | None, language: str
    ) -> Issued | ServiceUnavailable | StoreUnavailable: ...
    def menu(self) -> WalkInMenu | StoreUnavailable: ...
    def print_ticket(self, issued: Issued, language: str) -> PrintOutcome: ...
    def poll_printer(self) -> PrinterState: ...
    def check_store(self) -> bool: ...


@dataclass(frozen=True)
class TicketView:
    number: str
    service: str
    ahead: str
    wait: str  # empty when nobody is ahead
    booked_slot: str  # empty for walk-ins
    qr_url: str
    print_state: PrintState
    print_text: str
    can_retry: bool


@dataclass(frozen=True)
class KioskOptions:
    idle_seconds: float = 45.0
    language: str = "az"
    before_minutes: int = 30
    offer_walk_in_when_late: bool = True


class KioskPresenter:
    def __init__(
        self,
        backend: KioskBackendPort,
        runner: Runner,
        options: KioskOptions | None = None,
        *,
        check_pin: Callable[[str], bool] | None = None,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.backend = backend
        self.runner = runner
        self.options = options or KioskOptions()
        self.monotonic = monotonic
        self.tr = Translator("kiosk", self.options.language)
        self.screen = Screen.HOME
        self.entry = CodeEntry()
        self.browser = MenuBrowser()
        self.staff = StaffExit(check_pin)
        self.code_error: BadCheckDigit | None = None
        self.busy_key = "busy.checking"
        self.message_source: Refusal | ServiceUnavailable | StoreUnavailable | None = None
        self.issued: Issued | None = None
        self.print_state = PrintState.PRINTING
        self.quit_requested = False
        self.request_id = uuid.uuid4().hex
        self._retry: Callable[[], None] | None = None
        self._staff_return = Screen.HOME
        self._observers: list[Callable[[], None]] = []
        now = monotonic()
        self.last_touch = now
        self._shown_at = now
        self._printer_poll_at = now
        self._store_poll_at = now + STORE_POLL_OK_S
        self._polling: set[str] = set()

    # -- observing ----------------------------------------------------------
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

    # -- every screen ---------------------------------------------------------
    def touched(self) -> None:
        self.last_touch = self.monotonic()

    def set_language(self, language: str) -> None:
        if language in LANGUAGES and language != self.tr.language:
            self.tr.language = language
            self._changed()

    def go_home(self) -> None:
        """Back to the start; forget everything this visitor typed (privacy)."""
        self.entry.clear()
        self.code_error = None
        self.browser.reset()
        self.message_source = None
        self.issued = None
        self._retry = None
        self.request_id = uuid.uuid4().hex
        self._show(Screen.HOME)

    def back(self) -> None:
        if self.screen is Screen.SERVICES and self.browser.query:
            self._show(Screen.SEARCH)
        elif self.screen in (Screen.SERVICES, Screen.SEARCH):
            self.browser.agency_id, self.browser.page = None, 0
            self.browser.clear_query()
            self._show(Screen.AGENCIES)
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
            parts.append(self.tr("status.printer_down"))
        if not self.backend.store_ok:
            parts.append(self.tr("status.store_down"))
        if self.backend.link_reachable is False:
            parts.append(self.tr("status.link_down"))
        return "   ·   ".join(parts)

    @property
    def centre_name(self) -> str:
        return self.backend.centre_name(self.language)

    # -- order code ------------------------------------------------------------
    def choose_code(self) -> None:
        self.entry.clear()
        self.code_error = None
        self._show(Screen.CODE)

    def key_digit(self, digit: str) -> None:
        if self.entry.press(digit):
            self.code_error = None
            self._changed()

    def key_backspace(self) -> None:
        self.entry.backspace()
        self.code_error = None
        self._changed()

    def key_clear(self) -> None:
        self.entry.clear()
        self.code_error = None
        self._changed()

    @property
    def code_error_text(self) -> str:
        return typing_error(self.tr, self.code_error) if self.code_error else ""

    def submit_code(self) -> None:
        """Check the digit first (no lookup for a typing error), then check in."""
        checked = precheck_code(self.entry.digits)
        if isinstance(checked, BadCheckDigit):
            self.code_error = checked
            self._show(Screen.CODE)
            return
        code, language, request_id = checked, self.language, self.request_id
        self._busy(
            "busy.checking",
            lambda: self.backend.check_in(code, request_id, language),
            self._answered,
            retry=self.submit_code,
        )

    def scanned(self, code: str) -> None:
        """A code from the serial or keyboard-wedge scanner, on any screen."""
        if self.screen in (Screen.BUSY, Screen.STAFF):
            log.info("scan ignored while the kiosk is %s", self.screen.value)
            return
        self.touched()
        if self.screen in (Screen.TICKET, Screen.MESSAGE):
            self.issued, self.message_source = None, None
            self.request_id = uuid.uuid4().hex
        self.entry.set(code)
        self.submit_code()

    # -- walk-in ---------------------------------------------------------------
    def choose_walk_in(self) -> None:
        self.browser.reset()
        self._busy("busy.loading", self.backend.menu, self._menu_loaded, retry=self.choose_walk_in)

    def _menu_loaded(self, menu: WalkInMenu | StoreUnavailable) -> None:
        if isinstance(menu, StoreUnavailable):
            self._message(menu)
            return
        if menu.is_empty:
            self._message(ServiceUnavailable("", "closed"))
            return
        self.browser.menu = menu
        self.browser.page = 0
        self._show(Screen.AGENCIES)

    def choose_agency(self, agency_id: str) -> None:
        if self.browser.open_agency(agency_id):
            self._show(Screen.SERVICES)

    def open_search(self) -> None:
        self.browser.clear_query()
        self._show(Screen.SEARCH)

    def search_key(self, key: str) -> None:
        self.browser.type_key(key)
        self._changed()

    def search_backspace(self) -> None:
        self.browser.backspace()
        self._changed()

    def search_clear(self) -> None:
        self.browser.clear_query()
        self._changed()

    @property
    def keyboard(self) -> tuple[str, ...]:
        return KEYBOARDS.get(self.language, KEYBOARDS["az"])

    def page_turn(self, delta: int) -> None:
        self.browser.turn(delta, self.current_page.pages)
        self._changed()

    @property
    def current_page(self) -> Page:
        if self.screen is Screen.AGENCIES:
            return self.browser.agencies_page(self.tr)
        if self.screen is Screen.SEARCH:
            return self.browser.search_page(self.tr)
        return self.browser.services_page(self.tr)

    def choose_service(self, service_id: str) -> None:
        language, request_id = self.language, self.request_id
        self._busy(
            "busy.issuing",
            lambda: self.backend.issue_walk_in(service_id, request_id, language),
            self._answered,
            retry=lambda: self.choose_service(service_id),
        )

    # -- answers ---------------------------------------------------------------
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

    def _failed(self, error: BaseException) -> None:
        self._message(StoreUnavailable(type(error).__name__))

    def _answered(self, outcome: object) -> None:
        if isinstance(outcome, Issued):
            self._show_ticket(outcome)
        elif isinstance(outcome, BadCheckDigit):
            self.code_error = outcome
            self._show(Screen.CODE)
        else:
            self._message(outcome)  # type: ignore[arg-type]

    def _message(self, source: Refusal | ServiceUnavailable | StoreUnavailable) -> None:
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
            before_minutes=self.options.before_minutes,
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

    @property
    def late_walk_in_offered(self) -> bool:
        return isinstance(self.message_source, TooLate) and self.options.offer_walk_in_when_late

    # -- the ticket --------------------------------------------------------------
    def _show_ticket(self, issued: Issued) -> None:
        """The ticket is in the store already: show it, then print off the UI thread."""
        self.issued = issued
        self.entry.clear()
        self._show(Screen.TICKET)
        self._print()

    def _print(self) -> None:
        issued, language = self.issued, self.language
        if issued is None:
            return
        self.print_state = PrintState.PRINTING
        self._changed()
        self.runner.run(
            "printer",
            lambda: self.backend.print_ticket(issued, language),
            self._printed,
            lambda _e: self._printed(None),
        )

    def _printed(self, outcome: PrintOutcome | None) -> None:
        if self.issued is not None and (
            outcome is None or outcome.ticket_id == self.issued.ticket.id
        ):
            self.print_state = (
                PrintState.PRINTED if outcome and outcome.printed else PrintState.FAILED
            )
            self._shown_at = self.monotonic()
        self._printer_poll_at = self.monotonic() + PRINTER_POLL_TROUBLE_S
        self._changed()

    def retry_print(self) -> None:
        """Print the same ticket again: never a new ticket."""
        if self.screen is Screen.TICKET and self.print_state is PrintState.FAILED:
            self._print()

    @property
    def ticket(self) -> TicketView | None:
        issued = self.issued
        if issued is None:
            return None
        tr, est = self.tr, issued.estimate
        if est.people_ahead == 0:
            ahead = tr("ticket.ahead_none")
        elif est.people_ahead == 1:
            ahead = tr("ticket.ahead_one")
        else:
            ahead = tr("ticket.ahead", count=est.people_ahead)
        slot = issued.ticket.slot_at
        texts = {
            PrintState.PRINTING: tr("ticket.printing"),
            PrintState.PRINTED: tr("ticket.printed"),
            PrintState.FAILED: tr("ticket.print_failed"),
        }
        return TicketView(
            number=issued.ticket.display,
            service=issued.service.name(self.language),
            ahead=ahead,
            wait=tr("ticket.wait", minutes=est.minutes) if est.people_ahead else "",
            booked_slot=(
                tr("ticket.booked_slot", time=hhmm(slot.astimezone(issued.ticket.issued_at.tzinfo)))
                if slot
                else ""
            ),
            qr_url=self.backend.status_url(issued),
            print_state=self.print_state,
            print_text=texts[self.print_state],
            can_retry=self.print_state is PrintState.FAILED,
        )

    # -- staff exit ----------------------------------------------------------------
    def staff_corner(self) -> None:
        if self.screen is not Screen.BUSY and self.staff.corner_tap(self.monotonic()):
            self._staff_return = self.screen if self.screen is not Screen.STAFF else Screen.HOME
            self.staff.open()
            self._show(Screen.STAFF)

    def staff_digit(self, digit: str) -> None:
        self.staff.press(digit)
        self._changed()

    def staff_backspace(self) -> None:
        self.staff.backspace()
        self._changed()

    def staff_submit(self) -> None:
        if self.staff.submit(self.monotonic()):
            log.info("staff left the kiosk with the exit PIN")
            self.quit_requested = True
        self._changed()

    @property
    def staff_error_text(self) -> str:
        key = self.staff.error
        if key is None:
            return ""
        if key == "staff.locked":
            return self.tr(key, seconds=self.staff.locked_for(self.monotonic()))
        return self.tr(key)

    # -- time ------------------------------------------------------------------------
    def tick(self) -> None:
        """Called about once a second: idle reset and device health polls."""
        now = self.monotonic()
        idle = now - self.last_touch
        if self.screen is Screen.TICKET and self.print_state is PrintState.PRINTED:
            limit = min(TICKET_SCREEN_S, self.options.idle_seconds)
            if now - max(self._shown_at, self.last_touch) >= limit:
                self._idle_reset()
        elif idle >= self.options.idle_seconds and (
            self.screen not in (Screen.HOME, Screen.BUSY)
            or self.language != self.options.language
            or not self.entry.empty
        ):
            self._idle_reset()
        self._poll(now)

    def _idle_reset(self) -> None:
        log.debug("idle reset from %s", self.screen.value)
        self.tr.language = self.options.language
        self.go_home()

    def _poll(self, now: float) -> None:
        if now >= self._printer_poll_at and "printer" not in self._polling:
            self._polling.add("printer")
            self.runner.run(
                "printer",
                self.backend.poll_printer,
                self._printer_polled,
                lambda _e: self._printer_polled(PrinterState.OFFLINE),
            )
        if now >= self._store_poll_at and "store" not in self._polling:
            self._polling.add("store")
            self.runner.run(
                "desk",
                self.backend.check_store,
                self._store_polled,
                lambda _e: self._store_polled(False),
            )

    def _printer_polled(self, state: PrinterState) -> None:
        self._polling.discard("printer")
        wait = (
            PRINTER_POLL_OK_S
            if state in (PrinterState.READY, PrinterState.UNKNOWN)
            else PRINTER_POLL_TROUBLE_S
        )
        self._printer_poll_at = self.monotonic() + wait
        self._changed()

    def _store_polled(self, ok: bool) -> None:
        self._polling.discard("store")
        self._store_poll_at = self.monotonic() + (STORE_POLL_OK_S if ok else STORE_POLL_TROUBLE_S)
        self._changed()
