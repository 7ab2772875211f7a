"""Plain data the staff use cases hand to presenters (no store, no Qt), so
presenters and widgets depend on these shapes and never on the store."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from kiosk_app.domain.counter import CounterAction, CounterState
from kiosk_app.domain.figures import Figures
from kiosk_app.domain.staff import Role
from kiosk_app.domain.tickets import Ticket
from kiosk_app.services.staff.visitor import VisitorCard
from server_sync.kernel.catalogue import Text


@dataclass(frozen=True)
class StaffSession:
    username: str
    full_name: str
    role: Role


@dataclass(frozen=True)
class SignInRefused:
    reason: str  # "wrong" (unknown user or wrong secret), "locked", "inactive", "empty"
    locked_until: datetime | None = None


@dataclass(frozen=True)
class DeskSnapshot:
    counter: int
    state: CounterState
    ticket: Ticket | None
    visitor: VisitorCard | None
    waiting: dict[str, int]  # per service this counter serves (and transfers to it)
    allowed: frozenset[CounterAction]


@dataclass(frozen=True)
class ActionResult:
    ok: bool
    message: str  # i18n key: "called", "queue_empty", "finish_first", …
    ticket: Ticket | None = None


class CallListener(Protocol):
    def fileno(self) -> int: ...

    def drain(self) -> bool:
        """Consume pending notifications; True if there were any."""
        ...

    def close(self) -> None: ...


@dataclass(frozen=True)
class QueueView:
    service_id: str
    name: Text
    letter: str
    waiting: int
    longest_wait: float  # minutes
    estimated_wait: int  # minutes for someone joining now
    open_counters: int


@dataclass(frozen=True)
class CounterView:
    number: int
    state: CounterState
    operator: str | None
    ticket: str | None  # number of the ticket in hand
    services: tuple[str, ...]


@dataclass(frozen=True)
class DeviceView:
    device_id: str
    kind: str
    version: str
    last_seen: datetime
    printer_state: str | None
    paper: str | None
    alerts: tuple[str, ...]  # i18n keys: paper_out, paper_low, printer_offline, …


@dataclass(frozen=True)
class Alert:
    key: str  # i18n key
    subject: str  # device id, service letter or counter number
    severe: bool


@dataclass(frozen=True)
class Dashboard:
    at: datetime
    queues: tuple[QueueView, ...]
    counters: tuple[CounterView, ...]
    devices: tuple[DeviceView, ...]
    figures: Figures
    alerts: tuple[Alert, ...]


class StoreUnavailable(Exception):
    """The centre store cannot be reached now (the environment's fault): the
    screen says so and keeps what it showed; the next refresh tries again."""
