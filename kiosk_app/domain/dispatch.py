"""Which waiting ticket a counter calls next.

Every waiting ticket gets a *call time*: the moment from which it is entitled to
be served, minus a head start for its kind.

- booked: its slot time minus `booked_credit` (people who booked come first,
  in slot order),
- priority (imtiyaz): issue time minus `priority_credit`,
- walk-in: its issue time (first come, first served).

The counter calls the waiting ticket with the earliest call time among the
services it serves. Ageing follows from this: a ticket's call time never
changes, while every ticket issued later has a call time of at least its issue
time minus the largest head start, so once a ticket has waited longer than that
head start, nobody who arrives after can pass it. Nobody waits forever.
A transferred ticket keeps its call time (its place rules).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from kiosk_app.domain.tickets import TicketKind


@dataclass(frozen=True)
class DispatchPolicy:
    booked_credit_minutes: int = 60
    priority_credit_minutes: int = 30

    @property
    def max_credit(self) -> timedelta:
        return timedelta(minutes=max(self.booked_credit_minutes, self.priority_credit_minutes))

    def call_time(
        self, kind: TicketKind, issued_at: datetime, slot_at: datetime | None = None
    ) -> datetime:
        """When this ticket's turn starts, for ordering (earlier = called first)."""
        if kind is TicketKind.BOOKED:
            base = slot_at if slot_at is not None else issued_at
            return base - timedelta(minutes=self.booked_credit_minutes)
        if kind is TicketKind.PRIORITY:
            return issued_at - timedelta(minutes=self.priority_credit_minutes)
        return issued_at


@dataclass(frozen=True)
class Waiting:
    """What dispatch needs to know of a waiting ticket."""

    ticket_id: int
    service_id: str
    call_time: datetime


def order_key(w: Waiting) -> tuple[datetime, int]:
    # Ties (same call time) go to the ticket issued first: ids grow with issue order.
    return (w.call_time, w.ticket_id)


def choose_next(waiting: Iterable[Waiting], services: Iterable[str]) -> Waiting | None:
    """The ticket a counter serving `services` should call now, or None."""
    served = frozenset(services)
    candidates = [w for w in waiting if w.service_id in served]
    return min(candidates, key=order_key, default=None)


def position_in_queue(waiting: Iterable[Waiting], ticket_id: int) -> int:
    """How many waiting tickets of the same service come before this one."""
    items = list(waiting)
    mine = next((w for w in items if w.ticket_id == ticket_id), None)
    if mine is None:
        return 0
    key = order_key(mine)
    return sum(1 for w in items if w.service_id == mine.service_id and order_key(w) < key)
