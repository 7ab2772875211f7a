"""An in-memory kiosk backend for presenter tests: no store, no printer, no Qt."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, time

from kiosk_app.domain.checkin import (
    AlreadyUsed,
    Cancelled,
    Refusal,
    TooEarly,
    TooLate,
    UnknownCode,
    WrongCentre,
    WrongDay,
    precheck_code,
)
from kiosk_app.domain.estimates import WaitEstimate
from kiosk_app.domain.tickets import Ticket, TicketKind, TicketNumber, TicketStatus
from kiosk_app.services.kiosk.types import (
    Issued,
    PinVerdict,
    PrinterState,
    PrintOutcome,
    ServiceUnavailable,
    StoreUnavailable,
)
from kiosk_app.services.kiosk.walk_in_menu import WalkInMenu, build_menu
from server_sync.kernel.booking import BookingStatus
from server_sync.kernel.catalogue import Text
from server_sync.kernel.clock import BAKU
from server_sync.kernel.order_codes import damm_check_digit
from tests.factories import catalogue

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=BAKU)


def code(body: str) -> str:
    """A valid order code from 11 digits."""
    return body + str(damm_check_digit(body))


OK = code("10000000001")
WRONG_CENTRE = code("10000000002")
WRONG_DAY = code("10000000003")
TOO_EARLY = code("10000000004")
TOO_LATE = code("10000000005")
USED = code("10000000006")
CANCELLED = code("10000000007")
UNKNOWN = code("10000000008")

REFUSALS: dict[str, Refusal] = {
    WRONG_CENTRE: WrongCentre("gence"),
    WRONG_DAY: WrongDay(datetime(2026, 11, 25).date()),
    TOO_EARLY: TooEarly(datetime(2026, 11, 23, 10, 45, tzinfo=BAKU)),
    TOO_LATE: TooLate(datetime(2026, 11, 23, 9, 30, tzinfo=BAKU)),
    USED: AlreadyUsed(BookingStatus.CHECKED_IN),
    CANCELLED: Cancelled(),
    UNKNOWN: UnknownCode(UNKNOWN),
}


@dataclass
class FakeBackend:
    """Answers like the real backend; counts what was asked."""

    printer_state: PrinterState = PrinterState.READY
    link_reachable: bool | None = True
    store_ok: bool = True
    store_damaged: bool = False
    store_down: bool = False
    print_fails: int = 0
    check_ins: list[str] = field(default_factory=list)
    walk_ins: list[tuple[str, str | None]] = field(default_factory=list)
    phones: list[str | None] = field(default_factory=list)
    applications: list[str | None] = field(default_factory=list)
    printed: list[tuple[int, str]] = field(default_factory=list)
    issued_by_request: dict[str, Issued] = field(default_factory=dict)
    printer_polls: int = 0
    store_checks: int = 0

    def __post_init__(self) -> None:
        self.catalogue = catalogue()
        self._next = 0

    @property
    def centre_name(self) -> Text:
        return self.catalogue.centres["baku-1"].name

    def centre_name_of(self, centre_id: str) -> Text | None:
        centre = self.catalogue.centres.get(centre_id)
        return centre.name if centre else None

    def status_url(self, issued: Issued, language: str = "") -> str:
        url = f"http://127.0.0.1:8080/t/baku-1/2026-11-23/{issued.ticket.display}"
        return f"{url}?lang={language}" if language else url

    def _issue(self, service_id: str, request_id: str | None, kind: TicketKind) -> Issued:
        if request_id and request_id in self.issued_by_request:
            old = self.issued_by_request[request_id]
            return Issued(old.ticket, old.service, old.estimate, repeated=True)
        self._next += 1
        service = self.catalogue.services[service_id]
        slot = NOW.replace(minute=15) if kind is TicketKind.BOOKED else None
        ticket = Ticket(
            self._next,
            "baku-1",
            service_id,
            TicketNumber(service.group, self._next),
            NOW.date(),
            kind,
            TicketStatus.WAITING,
            NOW,
            slot_at=slot,
        )
        issued = Issued(ticket, service, WaitEstimate(self._next - 1, 10 * (self._next - 1)))
        if request_id:
            self.issued_by_request[request_id] = issued
        return issued

    def check_in(
        self, code: str, request_id: str | None, language: str
    ) -> Issued | Refusal | StoreUnavailable:
        self.check_ins.append(code)
        if self.store_down:
            self.store_ok = False
            return StoreUnavailable("OperationalError")
        checked = precheck_code(code)
        if not isinstance(checked, str):
            return checked
        if checked in REFUSALS:
            return REFUSALS[checked]
        if checked != OK:
            return UnknownCode(checked)
        return self._issue("passport", request_id, TicketKind.BOOKED)

    def issue_walk_in(
        self,
        service_id: str,
        request_id: str | None,
        language: str,
        phone: str | None = None,
        application_number: str | None = None,
    ) -> Issued | ServiceUnavailable | StoreUnavailable:
        self.walk_ins.append((service_id, request_id))
        self.phones.append(phone)
        self.applications.append(application_number)
        if self.store_down:
            self.store_ok = False
            return StoreUnavailable("OperationalError")
        if not self.catalogue.services[service_id].walk_in:
            return ServiceUnavailable(service_id, "no_walk_in")
        return self._issue(service_id, request_id, TicketKind.WALK_IN)

    def menu(self) -> WalkInMenu | StoreUnavailable:
        if self.store_down:
            return StoreUnavailable("OperationalError")
        # 4 ahead × 10 catalogue minutes ÷ the 2 counters serving passports
        return build_menu(self.catalogue, "baku-1", NOW, {"passport": WaitEstimate(4, 20)})

    def prepare_print(self, issued: Issued, language: str) -> object:
        return ("job", issued.ticket.id, language)

    def print_ticket(
        self, issued: Issued, language: str, prepared: object | None = None
    ) -> PrintOutcome:
        self.printed.append((issued.ticket.id, language))
        t = issued.ticket
        if self.print_fails:
            self.print_fails -= 1
            self.printer_state = PrinterState.PAPER_OUT
            return PrintOutcome(t.id, t.display, False, PrinterState.PAPER_OUT, "paper_out")
        self.printer_state = PrinterState.READY
        return PrintOutcome(t.id, t.display, True, PrinterState.READY)

    def poll_printer(self) -> PrinterState:
        self.printer_polls += 1
        return self.printer_state

    def check_store(self) -> bool:
        self.store_checks += 1
        self.store_ok = not self.store_down
        return self.store_ok


class ManualTime:
    """A monotonic clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


SLOT = time(10, 15)


class FakeExitPin:
    """The exit PIN port with the store's behaviour in memory: five wrong PINs lock
    it for a minute (the real one, `ExitPinGuard`, is tested on a real store)."""

    def __init__(self, pin: str, time: ManualTime) -> None:
        self.pin, self.time = pin, time
        self.failures, self.locked_until = 0, 0.0

    def __call__(self, pin: str) -> PinVerdict:
        now = self.time()
        if now < self.locked_until:
            return PinVerdict(False, int(self.locked_until - now + 0.999))
        if pin == self.pin:
            self.failures = 0
            return PinVerdict(True)
        self.failures += 1
        if self.failures >= 5:
            self.locked_until = now + 60
            return PinVerdict(False, 60)
        return PinVerdict(False)
