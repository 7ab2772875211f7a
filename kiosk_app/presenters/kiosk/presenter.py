"""The kiosk's view-model: which screen, what it says, and what each tap does.

Plain Python, no Qt: the widgets observe it (`subscribe`) and forward taps,
scans and a one-second `tick`. Blocking work (store, printer) goes through a
`Runner` to worker threads; results come back on the UI thread. All visitor
text comes from `assets/i18n/kiosk.json` in the current language. The state,
navigation and the ticket live in `kiosk_core`; the flows are here.
"""

from __future__ import annotations

import logging
import math
import uuid

from kiosk_app.domain.checkin import BadCheckDigit, TooLate, precheck_code
from kiosk_app.domain.phone import phone_problem
from kiosk_app.presenters.kiosk.core import STORE_POLL_OK_S, KioskCore
from kiosk_app.presenters.kiosk.menu import KEYBOARDS, Page
from kiosk_app.presenters.kiosk.messages import typing_error
from kiosk_app.presenters.kiosk.ports import (
    KioskBackendPort,
    KioskOptions,
    PrintState,
    Screen,
    TicketView,
)
from kiosk_app.services.kiosk.types import PrinterState, ServiceUnavailable, StoreUnavailable
from kiosk_app.services.kiosk.walk_in_menu import WalkInMenu
from kiosk_app.services.kiosk.water_debt import WaterAnswer
from server_sync.kernel.i18n import N_
from server_sync.kernel.wording import wait_duration

__all__ = [
    "KioskBackendPort",
    "KioskOptions",
    "KioskPresenter",
    "PrintState",
    "Screen",
    "TicketView",
]
log = logging.getLogger("asanq.kiosk")

PRINTER_POLL_OK_S, PRINTER_POLL_TROUBLE_S = 30.0, 5.0
STORE_POLL_TROUBLE_S = 5.0
PHONE_DIGITS = 10  # 0XX XXX XX XX
TICKET_SCREEN_S = 20.0  # a printed ticket's screen goes home sooner than the idle time


class KioskPresenter(KioskCore):
    # -- order code ---------------------------------------------------------------------
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
            N_("kiosk.busy.checking"),
            self._issuing(lambda: self.backend.check_in(code, request_id, language)),
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

    # -- water debt (seed 000) -----------------------------------------------------------
    @property
    def water_available(self) -> bool:
        return self.water_desk is not None

    def open_water(self) -> None:
        self.water.reset()
        self._show(Screen.WATER)

    def water_digit(self, digit: str) -> None:
        if self.water.press(digit):
            self._changed()

    def water_backspace(self) -> None:
        self.water.code, self.water.answer = self.water.code[:-1], None
        self._changed()

    def water_clear(self) -> None:
        self.water.code, self.water.answer = "", None
        self._changed()

    def water_kind(self, kind: str) -> None:
        self.water.set_kind(kind)
        self._changed()

    def water_submit(self) -> None:
        desk = self.water_desk
        if desk is None or self.water.asking or not self.water.code:
            return
        code, kind = self.water.code, self.water.kind
        self.water.asking, self.water.answer, self.water.printed = True, None, None
        self._changed()
        self.runner.run("desk", lambda: desk.ask(code, kind), self._water_answered)

    def _water_answered(self, answer: WaterAnswer) -> None:
        self.water.asking, self.water.answer = False, answer
        self._changed()
        desk, debt, language = self.water_desk, answer.debt, self.language
        if desk is None or debt is None:
            return
        self.runner.run("printer", lambda: desk.print_answer(debt, language), self._water_printed)

    def _water_printed(self, printed: bool) -> None:
        self.water.printed = printed
        self._changed()

    @property
    def water_lines(self) -> tuple[tuple[str, str], ...]:
        answer, desk = self.water.answer, self.water_desk
        if answer is None or answer.debt is None or desk is None:
            return ()
        return desk.rows(answer.debt, self.language)

    # -- walk-in ------------------------------------------------------------------------
    def choose_walk_in(self) -> None:
        self.browser.reset()
        self._busy(
            N_("kiosk.busy.loading"),
            self.backend.menu,
            self._menu_loaded,
            retry=self.choose_walk_in,
        )

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
        """A walk-in's service: then their application's number when the service takes
        agency applications, their phone when the centre offers the SMS, the ticket."""
        entry = self.browser.menu.service(service_id) if self.browser.menu else None
        self.phone_service, self.application_number = service_id, None
        if entry is not None and entry.application_year:
            self.application.start(entry)
            self._show(Screen.APPLICATION)
            return
        self._after_application()

    def _after_application(self) -> None:
        service_id = self.phone_service
        if service_id is None:
            return
        if self.options.ask_phone:
            self.phone_error = None
            self.phone.clear()
            self._show(Screen.PHONE)
            return
        self._issue_walk_in(service_id, None)

    def _issue_walk_in(self, service_id: str, phone: str | None) -> None:
        language, request_id, application = self.language, self.request_id, self.application_number
        self._busy(
            N_("kiosk.busy.issuing"),
            self._issuing(
                lambda: self.backend.issue_walk_in(
                    service_id, request_id, language, phone, application
                )
            ),
            self._answered,
            retry=lambda: self._issue_walk_in(service_id, phone),
        )

    # -- the walk-in's agency application (the counter opens it on call) ---------------
    def application_digit(self, digit: str) -> None:
        if self.application.keys.press(digit):
            self._changed()

    def application_backspace(self) -> None:
        self.application.keys.backspace()
        self._changed()

    def application_clear(self) -> None:
        self.application.keys.clear()
        self._changed()

    def switch_application_year(self) -> None:
        """The number is from the year before (filed before New Year), or back again."""
        if self.application.switch_year():
            self._changed()

    @property
    def application_year_text(self) -> str:
        """The switch's words: the other year the number could be of."""
        other = self.application.other_year
        return "" if other is None else self.tr("kiosk.application.other_year", year=str(other))

    def skip_application(self) -> None:
        """No application (or its number is not at hand): the counter can type it."""
        self.application.keys.clear()
        self.application_number = None
        self._after_application()

    def submit_application(self) -> None:
        if self.application.keys.empty:
            return
        self.application_number = self.application.text
        self.application.keys.clear()
        self._after_application()

    @property
    def application_display(self) -> str:
        return self.application.text

    # -- the walk-in's optional phone ("your turn is near" by SMS) -----------------------
    def phone_digit(self, digit: str) -> None:
        if self.phone.press(digit):
            self.phone_error = None
            self._changed()

    def phone_backspace(self) -> None:
        self.phone.backspace()
        self.phone_error = None
        self._changed()

    def phone_clear(self) -> None:
        self.phone.clear()
        self.phone_error = None
        self._changed()

    def skip_phone(self) -> None:
        """No SMS: the ticket as before."""
        self.phone.clear()
        if self.phone_service is not None:
            self._issue_walk_in(self.phone_service, None)

    def submit_phone(self) -> None:
        problem = phone_problem(self.phone.digits)
        if problem is not None:
            self.phone_error = problem
            self._changed()
            return
        typed = self.phone.digits
        self.phone.clear()  # not kept on the screen once handed over
        if self.phone_service is not None:
            self._issue_walk_in(self.phone_service, typed)

    @property
    def phone_error_text(self) -> str:
        return self.tr(self.phone_error) if self.phone_error else ""

    @property
    def phone_display(self) -> str:
        """`050 123 45 67` as typed, placeholders for the rest."""
        padded = self.phone.digits + "•" * (PHONE_DIGITS - len(self.phone.digits))
        return f"{padded[:3]} {padded[3:6]} {padded[6:8]} {padded[8:10]}"

    @property
    def late_walk_in_offered(self) -> bool:
        return isinstance(self.message_source, TooLate) and self.options.offer_walk_in_when_late

    # -- staff exit -----------------------------------------------------------------------
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
        if key == "kiosk.staff_exit.locked":
            minutes = math.ceil(self.staff.locked_for(self.monotonic()) / 60)
            return self.tr(key, wait=wait_duration(self.tr, minutes))
        return self.tr(key)

    # -- time ------------------------------------------------------------------------------
    def tick(self) -> None:
        """Called about once a second: idle reset and device health polls."""
        now = self.monotonic()
        idle = now - self.last_touch
        if self.screen is Screen.TICKET and self.print_state is PrintState.PRINTED:
            limit = min(TICKET_SCREEN_S, self.options.idle_seconds)
            if now - max(self._shown_at, self.last_touch) >= limit:
                self._idle_reset()
        elif idle >= self.options.idle_seconds and (
            self.screen not in (Screen.HOME, Screen.BUSY, Screen.OUT_OF_SERVICE)
            or self.language != self.options.language
            or self.accessible
            or not self.entry.empty
        ):
            self._idle_reset()
        self._poll(now)

    def _idle_reset(self) -> None:
        log.debug("idle reset from %s", self.screen.value)
        self.tr.language = self.options.language
        self.accessible = False  # the next visitor starts with the ordinary screens
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
        calm = state in (PrinterState.READY, PrinterState.UNKNOWN, PrinterState.PAPER_LOW)
        self._printer_poll_at = self.monotonic() + (
            PRINTER_POLL_OK_S if calm else PRINTER_POLL_TROUBLE_S
        )
        self._changed()

    def _store_polled(self, ok: bool) -> None:
        self._polling.discard("store")
        if ok:
            self.store_ok_at = self.monotonic()
        if self.screen is not Screen.STAFF and (
            self.out_of_service != (self.screen is Screen.OUT_OF_SERVICE)
        ):
            self.go_home()  # out of service now, or back in service
        self._store_poll_at = self.monotonic() + (STORE_POLL_OK_S if ok else STORE_POLL_TROUBLE_S)
        self._changed()
