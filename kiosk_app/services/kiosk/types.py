"""Plain results of the kiosk's use cases, shared by services, presenters and the CLI.

Kept free of SQL and Qt so that presenters (view-models) can match on them
without importing the store: `Issued`, `ServiceUnavailable`, `StoreUnavailable`,
and the printer's `PrintOutcome`.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from kiosk_app.domain.estimates import WaitEstimate
from kiosk_app.domain.tickets import Ticket
from server_sync.kernel.catalogue import Service


@dataclass(frozen=True)
class Issued:
    ticket: Ticket
    service: Service
    estimate: WaitEstimate
    repeated: bool = False  # the same request was answered before: same ticket


@dataclass(frozen=True)
class ServiceUnavailable:
    """A walk-in ticket cannot be had for this service here and now."""

    service_id: str
    reason: str  # "unknown", "not_offered", "no_walk_in", "closed"


@dataclass(frozen=True)
class StoreUnavailable:
    """The centre store could not be reached: nothing was issued (safe to retry).
    `damaged`: the store answers but its file is damaged; the kiosk is out of service
    until it is repaired (a retry would not help)."""

    detail: str
    damaged: bool = False


class PrinterState(enum.StrEnum):
    """The printer as the visitor and staff need to know it."""

    READY = "ready"
    PAPER_LOW = "paper_low"
    PAPER_OUT = "paper_out"
    COVER_OPEN = "cover_open"
    OFFLINE = "offline"
    UNKNOWN = "unknown"

    @property
    def can_print(self) -> bool:
        return self in (PrinterState.READY, PrinterState.PAPER_LOW, PrinterState.UNKNOWN)


@dataclass(frozen=True)
class PrintOutcome:
    """How printing one ticket went: `error_code` None means the slip came out."""

    ticket_id: int
    number: str
    printed: bool
    state: PrinterState
    error_code: str | None = None  # "offline", "paper_out", "cover_open", "timeout", "error"


@dataclass(frozen=True)
class PinVerdict:
    """The exit PIN's answer: right, or refused (`locked_for_s` > 0 while locked)."""

    ok: bool
    locked_for_s: int = 0


@dataclass(frozen=True)
class CoolingDown:
    """Too many unknown order codes at this kiosk: it waits `seconds` before the next."""

    seconds: int
