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

People ahead of a ticket (sizdən əvvəl N nəfər) come from the same rule: see
`Staffing.reach` and `people_ahead`.
"""

from __future__ import annotations

from collections import Counter as Tally
from collections.abc import Iterable, Mapping
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
    """What dispatch needs to know of a waiting ticket. `counter` is set when the
    ticket was transferred to one counter: only that counter calls it."""

    ticket_id: int
    service_id: str
    call_time: datetime
    counter: int | None = None


def order_key(w: Waiting) -> tuple[datetime, int]:
    # Ties (same call time) go to the ticket issued first: ids grow with issue order.
    return (w.call_time, w.ticket_id)


def choose_next(waiting: Iterable[Waiting], services: Iterable[str]) -> Waiting | None:
    """The ticket a counter serving `services` should call now, or None."""
    served = frozenset(services)
    candidates = [w for w in waiting if w.service_id in served]
    return min(candidates, key=order_key, default=None)


@dataclass(frozen=True)
class Reach:
    """What the counters that would call a ticket can call: their own services'
    queues (tickets not sent to one counter) and tickets sent to one of them."""

    counters: frozenset[int]
    services: frozenset[str]

    def covers(self, service_id: str, counter: int | None) -> bool:
        """Would one of these counters call a waiting ticket of `service_id` (sent
        to `counter`, if set)?"""
        return counter in self.counters if counter is not None else service_id in self.services


@dataclass(frozen=True)
class Staffing:
    """A centre's counters (number → services) and which of them are open now."""

    services: Mapping[int, frozenset[str]]
    open: frozenset[int]

    def callers(self, service_id: str, counter: int | None = None) -> frozenset[int]:
        """The counters that would call a ticket of `service_id` (sent to `counter`):
        the open counters serving it; when none is open (before opening, everyone
        paused), every counter serving it, so the queue still has an order."""
        if counter is not None:
            return frozenset({counter})
        serving = frozenset(n for n, s in self.services.items() if service_id in s)
        return (serving & self.open) or serving

    def reach(self, service_id: str, counter: int | None = None) -> Reach:
        callers = self.callers(service_id, counter)
        services = frozenset(s for n in callers for s in self.services.get(n, ()))
        return Reach(callers, services)


def people_ahead(ticket: Waiting, waiting: Iterable[Waiting], staffing: Staffing) -> int:
    """How many people are ahead of `ticket`: the waiting tickets that a counter
    which would call `ticket` (`Staffing.callers`) calls before it, i.e. those
    within the counters' reach with an earlier place (`order_key`). A ticket of
    another service counts when the same counter serves both."""
    reach = staffing.reach(ticket.service_id, ticket.counter)
    key = order_key(ticket)
    return sum(1 for w in waiting if order_key(w) < key and reach.covers(w.service_id, w.counter))


def people_ahead_all(waiting: Iterable[Waiting], staffing: Staffing) -> dict[int, int]:
    """`people_ahead` of every waiting ticket at once (one pass in call order)."""
    seen: Tally[tuple[str, int | None]] = Tally()
    out: dict[int, int] = {}
    reaches: dict[tuple[str, int | None], Reach] = {}
    for w in sorted(waiting, key=order_key):
        where = (w.service_id, w.counter)
        reach = reaches.get(where)
        if reach is None:
            reach = reaches[where] = staffing.reach(w.service_id, w.counter)
        out[w.ticket_id] = sum(n for (s, c), n in seen.items() if reach.covers(s, c))
        seen[where] += 1
    return out


def people_ahead_of_newcomer(
    service_id: str, due: Mapping[tuple[str, int | None], int], staffing: Staffing
) -> int:
    """People ahead of a walk-in who would join `service_id`'s queue now: `due`
    counts the waiting tickets whose call time has come, by (service, counter);
    a newcomer's call time is now and its ticket the newest, so all of those
    within reach come first."""
    reach = staffing.reach(service_id)
    return sum(n for (s, c), n in due.items() if reach.covers(s, c))
