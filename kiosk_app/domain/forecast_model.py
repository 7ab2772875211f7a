"""What a centre's history says about a day's demand (pure; the store reads the rows).

`learn` turns past tickets and bookings into a `DemandModel`:

- walk-in and priority arrivals per service, per 15 minutes of the day, by weekday
  (the mean count over the observed days of that weekday);
- per service, the share of bookings nobody came for (no-shows), how early booked
  visitors check in (the observed minutes before their slot, as a list to draw from),
  the share of called tickets that were no-shows at the counter;
- per service, how long a counter is busy with one visitor (call → finish), as the
  observed durations, not a mean: queues are made by the long tail.

Times are local minutes since midnight (floats) so the simulation need not
convert time zones.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

QUARTER = 15  # minutes: the grain of the arrival profile
MAX_SAMPLES = 2000  # per service: enough for the tail, bounded memory and time
ARRIVING_KINDS = ("walk_in", "priority")


@dataclass(frozen=True)
class PastTicket:
    """One ticket of the centre's history, its times in local minutes of its day."""

    day: date
    service_id: str
    kind: str  # TicketKind value
    status: str  # TicketStatus value
    issued: float
    slot: float | None = None
    called: float | None = None
    served: float | None = None
    finished: float | None = None
    counter: int | None = None


@dataclass(frozen=True)
class PastBooking:
    """One booking of a past day: did its visitor check in?"""

    day: date
    service_id: str
    showed: bool


@dataclass(frozen=True)
class ServiceProfile:
    """What one service's history says, beyond its arrival counts."""

    busy_minutes: tuple[float, ...]  # counter time of a served visitor (call → finish)
    no_show_busy_minutes: tuple[float, ...]  # counter time of a no-show (call → finish)
    booking_no_show: float  # share of bookings nobody checked in for
    counter_no_show: float  # share of called tickets marked no-show
    early_minutes: tuple[float, ...]  # slot − check-in of booked visitors (≥ 0 is early)
    booked_share: float  # share of this service's visitors who had booked
    fallback_minutes: float  # the catalogue's average, for a service with no history

    @property
    def mean_busy(self) -> float:
        if not self.busy_minutes:
            return self.fallback_minutes
        return sum(self.busy_minutes) / len(self.busy_minutes)


@dataclass(frozen=True)
class DemandModel:
    """Arrivals per (weekday, service, kind) → quarter index → mean count per day,
    and each service's profile."""

    arrivals: Mapping[tuple[int, str, str], Mapping[int, float]]
    services: Mapping[str, ServiceProfile]
    days_seen: Mapping[int, int] = field(default_factory=dict)  # weekday → days of history
    _rates: dict[int, list[tuple[str, str, int, float]]] = field(
        default_factory=dict, compare=False, repr=False
    )

    def rates_on(self, weekday: int) -> list[tuple[str, str, int, float]]:
        """(service, kind, quarter, mean count) of one weekday, in a fixed order
        (worked out once: every simulated day draws from it)."""
        found = self._rates.get(weekday)
        if found is None:
            found = self._rates[weekday] = [
                (sid, kind, q, mean)
                for (wd, sid, kind), quarters in sorted(self.arrivals.items())
                if wd == weekday and kind in ARRIVING_KINDS
                for q, mean in sorted(quarters.items())
                if mean > 0
            ]
        return found

    def expected_arrivals(self, weekday: int, service_id: str, kind: str) -> float:
        return sum(self.arrivals.get((weekday, service_id, kind), {}).values())

    def profile(self, service_id: str, average_minutes: float = 10.0) -> ServiceProfile:
        found = self.services.get(service_id)
        if found is not None:
            return found
        return ServiceProfile((), (), 0.0, 0.0, (), 0.0, average_minutes)


def _thin(values: list[float]) -> tuple[float, ...]:
    """At most MAX_SAMPLES values spread evenly over the sorted list (keeps the shape)."""
    values.sort()
    if len(values) <= MAX_SAMPLES:
        return tuple(values)
    step = len(values) / MAX_SAMPLES
    return tuple(values[int(i * step)] for i in range(MAX_SAMPLES))


def learn(
    tickets: Iterable[PastTicket],
    bookings: Iterable[PastBooking],
    average_minutes: Mapping[str, float] | None = None,
) -> DemandModel:
    """The demand model of a centre from its history (one pass over each input)."""
    averages = average_minutes or {}
    counts: dict[tuple[int, str, str], dict[int, float]] = defaultdict(lambda: defaultdict(float))
    days: dict[int, set[date]] = defaultdict(set)
    busy: dict[str, list[float]] = defaultdict(list)
    no_show_busy: dict[str, list[float]] = defaultdict(list)
    early: dict[str, list[float]] = defaultdict(list)
    called: dict[str, int] = defaultdict(int)
    absent: dict[str, int] = defaultdict(int)
    visitors: dict[str, int] = defaultdict(int)
    booked: dict[str, int] = defaultdict(int)
    for t in tickets:
        weekday = t.day.weekday()
        days[weekday].add(t.day)
        visitors[t.service_id] += 1
        if t.kind in ARRIVING_KINDS:
            counts[(weekday, t.service_id, t.kind)][int(t.issued // QUARTER)] += 1
        elif t.slot is not None:
            booked[t.service_id] += 1
            early[t.service_id].append(t.slot - t.issued)
        if t.called is not None and t.finished is not None:
            called[t.service_id] += 1
            minutes = max(t.finished - t.called, 0.0)
            if t.status == "no_show":
                absent[t.service_id] += 1
                no_show_busy[t.service_id].append(minutes)
            elif t.status == "served":
                busy[t.service_id].append(minutes)
    made: dict[str, int] = defaultdict(int)
    showed: dict[str, int] = defaultdict(int)
    for b in bookings:
        made[b.service_id] += 1
        showed[b.service_id] += b.showed
    arrivals = {
        key: {q: n / max(len(days[key[0]]), 1) for q, n in per_quarter.items()}
        for key, per_quarter in counts.items()
    }
    services = {
        sid: ServiceProfile(
            busy_minutes=_thin(busy[sid]),
            no_show_busy_minutes=_thin(no_show_busy[sid]),
            booking_no_show=1 - showed[sid] / made[sid] if made[sid] else 0.0,
            counter_no_show=absent[sid] / called[sid] if called[sid] else 0.0,
            early_minutes=_thin(early[sid]),
            booked_share=booked[sid] / visitors[sid] if visitors[sid] else 0.0,
            fallback_minutes=float(averages.get(sid, 10.0)),
        )
        for sid in set(visitors) | set(made)
    }
    return DemandModel(arrivals, services, {w: len(d) for w, d in days.items()})


def staffing_by_hour(tickets: Sequence[PastTicket]) -> dict[int, frozenset[int]]:
    """Which counters called at least one ticket in each hour of one past day: the
    staffing that day actually had (what a back-test must replay)."""
    hours: dict[int, set[int]] = defaultdict(set)
    for t in tickets:
        if t.counter is not None and t.called is not None:
            hours[int(t.called // 60)].add(t.counter)
    return {h: frozenset(c) for h, c in hours.items()}
