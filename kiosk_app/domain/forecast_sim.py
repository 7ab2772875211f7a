"""A seeded discrete-event simulation of one centre's day (pure).

Visitors arrive (walk-ins and priority visitors drawn per 15 minutes from the
demand model; booked visitors for the bookings already made, each coming or not
by the service's no-show share and as early as an observed visitor did); each
counter, whenever it is free and open, calls the next ticket with
`dispatch.choose_next`, the very rule the counters use, and is then busy for a
duration drawn from the service's observed ones. Waits follow `figures`: from
issue, or from the slot for a booked visitor who came early, to the first call.
"""

from __future__ import annotations

import heapq
import math
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from kiosk_app.domain.dispatch import DispatchPolicy, Waiting, choose_next
from kiosk_app.domain.forecast_model import QUARTER, DemandModel
from kiosk_app.domain.tickets import TicketKind

_ARRIVE, _WAKE, _FREE = 0, 1, 2


@dataclass(frozen=True)
class DayPlan:
    """One day to simulate: opening minutes, the counters (number → services),
    which are open in each hour, and the bookings already made (service, slot)."""

    day: date
    opens: float
    closes: float
    counters: Mapping[int, frozenset[str]]
    open_by_hour: Mapping[int, frozenset[int]]
    bookings: Sequence[tuple[str, float]] = ()

    @property
    def hours(self) -> range:
        """The hours visitors arrive in (and the counters' last hour serves on)."""
        return range(int(self.opens // 60), max(math.ceil(self.closes / 60), 1))

    def with_open(self, open_by_hour: Mapping[int, frozenset[int]]) -> DayPlan:
        return DayPlan(
            self.day, self.opens, self.closes, self.counters, open_by_hour, self.bookings
        )


@dataclass(frozen=True)
class Visit:
    """One simulated ticket: its service, the minute its wait started, its wait
    (None: never called) and whether it was served (not a no-show); then what a
    ticket row records: kind, issue and slot minute, counter, counter time."""

    service_id: str
    start: float
    wait: float | None
    served: bool
    kind: TicketKind = TicketKind.WALK_IN
    issued: float = 0.0
    slot: float | None = None
    counter: int | None = None
    busy: float = 0.0


def _poisson(rng: random.Random, mean: float) -> int:
    if mean <= 0:
        return 0
    if mean > 30:  # normal approximation: exact enough and O(1)
        return max(round(rng.gauss(mean, math.sqrt(mean))), 0)
    limit, k, p = math.exp(-mean), 0, rng.random()
    while p > limit:
        k += 1
        p *= rng.random()
    return k


def arrivals(
    plan: DayPlan, model: DemandModel, rng: random.Random, until: float | None = None
) -> list[tuple[float, str, TicketKind, float | None]]:
    """The day's tickets in issue order: (minute, service, kind, slot minute)."""
    end = plan.closes if until is None else min(plan.closes, until)
    weekday = plan.day.weekday()
    out: list[tuple[float, str, TicketKind, float | None]] = []
    for service_id, kind, q, mean in model.rates_on(weekday):
        lo = max(q * QUARTER, plan.opens)
        hi = min((q + 1) * QUARTER, end)
        if hi <= lo:
            continue
        ticket_kind = TicketKind(kind)
        for _ in range(_poisson(rng, mean * (hi - lo) / QUARTER)):
            out.append((rng.uniform(lo, hi), service_id, ticket_kind, None))
    for service_id, slot in plan.bookings:
        profile = model.profile(service_id)
        if rng.random() < profile.booking_no_show:
            continue
        early = rng.choice(profile.early_minutes) if profile.early_minutes else 10.0
        at = max(slot - early, plan.opens)
        if at < end:
            out.append((at, service_id, TicketKind.BOOKED, slot))
    out.sort(key=lambda a: a[0])
    return out


def simulate(
    plan: DayPlan,
    model: DemandModel,
    policy: DispatchPolicy,
    seed: int,
    until: float | None = None,
    average_minutes: Mapping[str, float] | None = None,
) -> list[Visit]:
    """One replication of the day; the same seed gives the same day."""
    rng = random.Random(seed)
    base = datetime.combine(plan.day, time(0))
    hours = plan.hours
    last_hour = hours[-1]
    profiles = {
        sid: model.profile(sid, (average_minutes or {}).get(sid, 10.0))
        for sid in {s for services in plan.counters.values() for s in services}
    }

    first_hour = hours[0]
    open_in = [plan.open_by_hour.get(h, frozenset()) for h in hours]
    staffed = [c for c in sorted(plan.counters) if any(c in o for o in open_in)]
    open_hours = {c: [h for h in hours if c in open_in[h - first_hour]] for c in staffed}
    by_service: dict[str, list[int]] = {}
    for c in staffed:
        for sid in plan.counters[c]:
            by_service.setdefault(sid, []).append(c)

    def is_open(counter: int, at: float) -> bool:
        hour = min(max(int(at // 60), first_hour), last_hour)
        return counter in open_in[hour - first_hour]

    def next_open(counter: int, at: float) -> float | None:
        hour = int(at // 60)
        for h in open_hours[counter]:
            if h > hour:
                return float(h * 60)
        return None

    tickets = arrivals(plan, model, rng, until)
    events: list[tuple[float, int, int, int]] = []
    for i, (at, *_rest) in enumerate(tickets):
        events.append((at, _ARRIVE, i, i))
    order = len(tickets)
    for counter in staffed:
        opens_at = float(hours[0] * 60) if is_open(counter, hours[0] * 60) else None
        if opens_at is None:
            opens_at = next_open(counter, hours[0] * 60)
        if opens_at is not None:
            events.append((max(opens_at, plan.opens), _WAKE, order, counter))
            order += 1
    heapq.heapify(events)

    # The waiting tickets by service: a counter looks only at its own services'
    # queues (what `choose_next` would pick from the whole hall anyway).
    waiting: dict[str, list[Waiting]] = {}
    starts: list[float] = []
    waits: list[float | None] = [None] * len(tickets)
    served = [True] * len(tickets)
    by_counter: list[int | None] = [None] * len(tickets)
    busy_for = [0.0] * len(tickets)
    idle: set[int] = set()
    for at, _sid, _kind, slot in tickets:
        starts.append(max(at, slot) if slot is not None else at)

    def call(counter: int, now: float) -> None:
        nonlocal order
        if not is_open(counter, now):
            idle.discard(counter)
            wake = next_open(counter, now)
            if wake is not None:
                heapq.heappush(events, (wake, _WAKE, order, counter))
                order += 1
            return
        services = plan.counters[counter]
        chosen = choose_next((w for sid in services for w in waiting.get(sid, ())), services)
        if chosen is None:
            idle.add(counter)
            return
        idle.discard(counter)
        waiting[chosen.service_id].remove(chosen)
        i = chosen.ticket_id
        waits[i] = max(now - starts[i], 0.0)
        profile = profiles[chosen.service_id]
        if rng.random() < profile.counter_no_show:
            served[i] = False
            pool = profile.no_show_busy_minutes or (1.0,)
        else:
            pool = profile.busy_minutes or (profile.fallback_minutes,)
        by_counter[i] = counter
        busy_for[i] = max(rng.choice(pool), 0.1)
        heapq.heappush(events, (now + busy_for[i], _FREE, order, counter))
        order += 1

    while events:
        now, what, _, who = heapq.heappop(events)
        if what == _ARRIVE:
            at, service_id, kind, slot = tickets[who]
            issued = base + timedelta(minutes=at)
            slot_at = base + timedelta(minutes=slot) if slot is not None else None
            waiting.setdefault(service_id, []).append(
                Waiting(who, service_id, policy.call_time(kind, issued, slot_at))
            )
            for counter in by_service.get(service_id, ()):
                if counter in idle:
                    call(counter, now)
                    break
        else:
            call(who, now)
    return [
        Visit(
            service_id,
            starts[i],
            waits[i],
            served[i] and waits[i] is not None,
            kind,
            at,
            slot,
            by_counter[i],
            busy_for[i],
        )
        for i, (at, service_id, kind, slot) in enumerate(tickets)
    ]
