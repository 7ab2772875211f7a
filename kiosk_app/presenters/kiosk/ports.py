"""What the kiosk presenter works with: its screens, the backend port it calls,
its options, and the words of the "Take your ticket" screen."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Protocol

from kiosk_app.domain.checkin import Refusal
from kiosk_app.presenters.kiosk.messages import hhmm
from kiosk_app.services.kiosk.types import (
    CoolingDown,
    Issued,
    PrinterState,
    PrintOutcome,
    ServiceUnavailable,
    StoreUnavailable,
)
from kiosk_app.services.kiosk.walk_in_menu import WalkInMenu
from server_sync.kernel.catalogue import Text
from server_sync.kernel.i18n import N_, Translator
from server_sync.kernel.wording import estimated_wait, people_ahead


class Screen(enum.StrEnum):
    HOME = "home"
    CODE = "code"
    AGENCIES = "agencies"
    SERVICES = "services"
    SEARCH = "search"
    PHONE = "phone"
    APPLICATION = "application"  # a walk-in's agency application number (issue 17)
    BUSY = "busy"
    TICKET = "ticket"
    MESSAGE = "message"
    STAFF = "staff"
    OUT_OF_SERVICE = "out_of_service"  # the store is damaged: nothing can be issued
    WATER = "water"


class PrintState(enum.StrEnum):
    PRINTING = "printing"
    PRINTED = "printed"
    FAILED = "failed"


class KioskBackendPort(Protocol):
    """What the kiosk asks of the centre (implemented by services.KioskBackend).

    `prepare_print` lays the ticket out right after it is issued, on the same
    worker, so the printer lane only has to hand the job over."""

    @property
    def centre_name(self) -> Text: ...
    @property
    def printer_state(self) -> PrinterState: ...
    @property
    def link_reachable(self) -> bool | None: ...
    @property
    def store_ok(self) -> bool: ...

    @property
    def store_damaged(self) -> bool: ...
    def centre_name_of(self, centre_id: str) -> Text | None: ...
    def status_url(self, issued: Issued, language: str = "") -> str: ...
    def check_in(
        self, code: str, request_id: str | None, language: str
    ) -> Issued | Refusal | CoolingDown | StoreUnavailable: ...
    def issue_walk_in(
        self,
        service_id: str,
        request_id: str | None,
        language: str,
        phone: str | None = None,
        application_number: str | None = None,
    ) -> Issued | ServiceUnavailable | StoreUnavailable: ...
    def menu(self) -> WalkInMenu | StoreUnavailable: ...
    def prepare_print(self, issued: Issued, language: str) -> object: ...
    def print_ticket(
        self, issued: Issued, language: str, prepared: object | None = None
    ) -> PrintOutcome: ...
    def poll_printer(self) -> PrinterState: ...
    def check_store(self) -> bool: ...


@dataclass(frozen=True)
class KioskOptions:
    idle_seconds: float = 45.0
    language: str = "az"
    offer_walk_in_when_late: bool = True
    # Ask a walk-in for an optional mobile number ("your turn is near" by SMS).
    ask_phone: bool = False


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


_PRINT_TEXT = {
    PrintState.PRINTING: N_("kiosk.ticket.printing"),
    PrintState.PRINTED: N_("kiosk.ticket.printed"),
    PrintState.FAILED: N_("kiosk.ticket.print_failed"),
}


def ticket_view(tr: Translator, issued: Issued, state: PrintState, qr_url: str) -> TicketView:
    """The ticket screen's words in the translator's language."""
    est = issued.estimate
    ahead = people_ahead(tr, est.people_ahead)
    slot = issued.ticket.slot_at
    booked = ""
    if slot is not None:
        local = slot.astimezone(issued.ticket.issued_at.tzinfo)
        booked = tr("kiosk.ticket.booked_slot", time=hhmm(local))
    return TicketView(
        number=issued.ticket.display,
        service=issued.service.name(tr.language),
        ahead=ahead,
        wait=estimated_wait(tr, est.minutes) if est.people_ahead else "",
        booked_slot=booked,
        qr_url=qr_url,
        print_state=state,
        print_text=tr(_PRINT_TEXT[state]),
        can_retry=state is PrintState.FAILED,
    )
