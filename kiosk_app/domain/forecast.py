"""The staffing forecast of one centre's day (pure): many seeded replications of
`forecast_sim.simulate`, the counters each group needs hour by hour to meet a
service level (e.g. 90 % called within 15 minutes), the waits to expect with
bands, and the online slot capacities that follow.

Counters that serve exactly the same services form a *group*; the forecast says
how many counters of each group must be open in each hour (a service's need is
its group's). The search starts from the offered load (visitors × counter time)
and adds a counter to every group that misses the target in an hour, hour after
hour, re-simulating with the same seeds (common random numbers, so a change in
the plan, not noise, moves the figures).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from kiosk_app.domain.dispatch import DispatchPolicy
from kiosk_app.domain.forecast_model import DemandModel
from kiosk_app.domain.forecast_sim import DayPlan, Visit, simulate

Progress = Callable[[], None]  # called after each simulated day
TRIM_MARGIN = 3.0  # percentage points above the target before a counter is given back
EXTRA_COUNTER_BASE = 1000  # numbers of counters the forecast adds beyond those installed


@dataclass(frozen=True)
class ServiceLevel:
    """`share` of served visitors called within `minutes`."""

    minutes: float = 15.0
    share: float = 0.9


@dataclass(frozen=True)
class Band:
    """A figure over the replications: its mean and a 90 % band (5th–95th percentile)."""

    mean: float
    low: float
    high: float


@dataclass(frozen=True)
class HourFigures:
    hour: int
    visitors: float
    average_wait: Band
    within_target: Band  # percent


@dataclass(frozen=True)
class Group:
    """Counters with the same services."""

    services: frozenset[str]
    counters: tuple[int, ...]

    @property
    def name(self) -> str:
        return "+".join(str(n) for n in self.counters)


@dataclass(frozen=True)
class Outlook:
    """The simulated figures of a day with one staffing plan."""

    average_wait: Band
    within_target: Band
    visitors: Band
    hours: tuple[HourFigures, ...]


@dataclass(frozen=True)
class Forecast:
    groups: tuple[Group, ...]
    needed: Mapping[str, Mapping[int, int]]  # group name → hour → counters open
    outlook: Outlook  # with the needed counters
    replications: int


def expected_days(replications: int, search_replications: int) -> int:
    """About how many days `forecast` simulates (for a progress bar): a few search
    rounds, then the final replications."""
    return 8 * search_replications + replications


def groups_of(counters: Mapping[int, frozenset[str]]) -> tuple[Group, ...]:
    by_services: dict[frozenset[str], list[int]] = defaultdict(list)
    for number, services in sorted(counters.items()):
        by_services[services].append(number)
    return tuple(Group(s, tuple(n)) for s, n in by_services.items())


def band(values: Sequence[float]) -> Band:
    if not values:
        return Band(0.0, 0.0, 0.0)
    ordered = sorted(values)

    def pick(p: float) -> float:
        return ordered[min(int(p * len(ordered)), len(ordered) - 1)]

    return Band(sum(ordered) / len(ordered), pick(0.05), pick(0.95))


def _figures(visits: Sequence[Visit], level: ServiceLevel) -> tuple[float, float, int]:
    """Average wait of the called, % of served called within the target, count.
    A visitor never called counts as a miss."""
    waits = [v.wait for v in visits if v.wait is not None]
    judged = [v for v in visits if v.served or v.wait is None]
    within = sum(1 for v in judged if v.wait is not None and v.wait <= level.minutes)
    average = sum(waits) / len(waits) if waits else 0.0
    share = 100.0 * within / len(judged) if judged else 100.0
    return average, share, len(visits)


def outlook(runs: Sequence[Sequence[Visit]], hours: range, level: ServiceLevel) -> Outlook:
    day = [_figures(r, level) for r in runs]
    per_hour = []
    for hour in hours:
        figs = [_figures([v for v in r if int(v.start // 60) == hour], level) for r in runs]
        figs = [f for f in figs if f[2]] or [(0.0, 100.0, 0)]
        per_hour.append(
            HourFigures(
                hour,
                sum(f[2] for f in figs) / len(runs) if runs else 0.0,
                band([f[0] for f in figs]),
                band([f[1] for f in figs]),
            )
        )
    return Outlook(
        band([d[0] for d in day]),
        band([d[1] for d in day]),
        band([float(d[2]) for d in day]),
        tuple(per_hour),
    )


def run(
    plan: DayPlan,
    model: DemandModel,
    policy: DispatchPolicy,
    replications: int,
    seed: int,
    until: float | None = None,
    average_minutes: Mapping[str, float] | None = None,
    progress: Progress | None = None,
) -> list[list[Visit]]:
    runs = []
    for r in range(replications):
        runs.append(simulate(plan, model, policy, seed * 100_003 + r, until, average_minutes))
        if progress:
            progress()
    return runs


def offered_load(
    plan: DayPlan, model: DemandModel, group: Group, hour: int, average: Mapping[str, float]
) -> float:
    """Counters kept busy in `hour` by the group's visitors (expected, Erlangs)."""
    weekday = plan.day.weekday()
    load = 0.0
    for sid in group.services:
        profile = model.profile(sid, average.get(sid, 10.0))
        n = sum(
            mean
            for kind in ("walk_in", "priority")
            for q, mean in model.arrivals.get((weekday, sid, kind), {}).items()
            if q // 4 == hour
        )
        n += sum(1 for s, slot in plan.bookings if s == sid and int(slot // 60) == hour) * (
            1 - profile.booking_no_show
        )
        load += n * profile.mean_busy / 60
    return load


def open_counters(
    groups: Sequence[Group], needed: Mapping[str, Mapping[int, int]]
) -> dict[int, frozenset[int]]:
    """Which counters are open in each hour for a plan of counts per group; a group
    that needs more counters than it has gets extra numbers (EXTRA_COUNTER_BASE+)."""
    out: dict[int, set[int]] = defaultdict(set)
    for gi, g in enumerate(groups):
        extra = [EXTRA_COUNTER_BASE + gi * 100 + k for k in range(100)]
        numbers = list(g.counters) + extra
        for hour, n in needed.get(g.name, {}).items():
            out[hour].update(numbers[:n])
    return {h: frozenset(c) for h, c in out.items()}


def with_extra_counters(plan: DayPlan, groups: Sequence[Group], extra: int) -> DayPlan:
    """The plan with `extra` more counters for each group (numbered from
    EXTRA_COUNTER_BASE), for a need beyond the installed counters."""
    counters = dict(plan.counters)
    for gi, g in enumerate(groups):
        for k in range(extra):
            counters[EXTRA_COUNTER_BASE + gi * 100 + k] = g.services
    return DayPlan(plan.day, plan.opens, plan.closes, counters, plan.open_by_hour, plan.bookings)


def _hour_shares(
    runs: Sequence[Sequence[Visit]], groups: Sequence[Group], level: ServiceLevel
) -> dict[tuple[str, int], float]:
    """% within target per (group name, hour of arrival), over all the runs."""
    group_of = {sid: g.name for g in groups for sid in g.services}
    judged: dict[tuple[str, int], int] = defaultdict(int)
    within: dict[tuple[str, int], int] = defaultdict(int)
    for r in runs:
        for v in r:
            if v.served or v.wait is None:
                key = (group_of.get(v.service_id, ""), int(v.start // 60))
                judged[key] += 1
                within[key] += v.wait is not None and v.wait <= level.minutes
    return {k: 100.0 * within[k] / n for k, n in judged.items()}


def erlang_c_counters(load: float, mean_minutes: float, level: ServiceLevel, cap: int) -> int:
    """The fewest counters with which an M/M/c queue meets `level` (a first guess
    the simulation then corrects: arrivals and service times here are neither)."""
    if load <= 0:
        return 0
    for c in range(max(math.ceil(load), 1), cap + 1):
        if c <= load:
            continue
        term, total = 1.0, 1.0
        for k in range(1, c):
            term *= load / k
            total += term
        top = term * load / c * c / (c - load)
        waits = top / (total + top)
        if 1 - waits * math.exp(-(c - load) * level.minutes / mean_minutes) >= level.share:
            return c
    return cap


def forecast(
    plan: DayPlan,
    model: DemandModel,
    policy: DispatchPolicy,
    level: ServiceLevel,
    replications: int = 40,
    seed: int = 1,
    search_replications: int = 10,
    average_minutes: Mapping[str, float] | None = None,
    progress: Progress | None = None,
) -> Forecast:
    """Counters needed per group and hour for `level`, and the day's outlook with them."""
    average = dict(average_minutes or {})
    groups = groups_of(plan.counters)
    cap = {g.name: 3 * len(g.counters) + 5 for g in groups}
    full = with_extra_counters(plan, groups, max(cap[g.name] - len(g.counters) for g in groups))
    needed: dict[str, dict[int, int]] = {}
    for g in groups:
        mean = sum(model.profile(s, average.get(s, 10.0)).mean_busy for s in g.services)
        mean /= max(len(g.services), 1)
        needed[g.name] = {
            h: erlang_c_counters(offered_load(plan, model, g, h, average), mean, level, cap[g.name])
            for h in plan.hours
        }
    hours = list(plan.hours)
    for _round in range(15):
        runs = run(
            full.with_open(open_counters(groups, needed)),
            model,
            policy,
            search_replications,
            seed,
            average_minutes=average,
            progress=progress,
        )
        changed = False
        shares = _hour_shares(runs, groups, level)
        for g in groups:
            short = [shares.get((g.name, h), 100.0) < 100 * level.share for h in hours]
            for i, hour in enumerate(hours):
                # A short hour after a short hour may only be inheriting its queue:
                # fix the first one, then look again.
                if short[i] and not (i and short[i - 1]) and needed[g.name][hour] < cap[g.name]:
                    needed[g.name][hour] += 1
                    changed = True
        if not changed:
            break
    # Then give back what the first guess (M/M/c) over-gave: try one counter fewer
    # wherever a group beats the target by a margin; keep the cut where it still holds.
    settled: set[tuple[str, int]] = set()
    for _round in range(3):
        shares = _hour_shares(runs, groups, level)
        cuts = [
            (g.name, h)
            for g in groups
            for h in hours
            if needed[g.name][h] > 1
            and (g.name, h) not in settled
            and shares.get((g.name, h), 100.0) >= 100 * level.share + TRIM_MARGIN
        ]
        if not cuts:
            break
        for name, h in cuts:
            needed[name][h] -= 1
        runs = run(
            full.with_open(open_counters(groups, needed)),
            model,
            policy,
            search_replications,
            seed,
            average_minutes=average,
            progress=progress,
        )
        after = _hour_shares(runs, groups, level)
        for name, h in cuts:
            later = [after.get((name, k), 100.0) for k in hours if k >= h][:2]
            if min(later) < 100 * level.share:
                needed[name][h] += 1
                settled.add((name, h))
        runs = run(
            full.with_open(open_counters(groups, needed)),
            model,
            policy,
            search_replications,
            seed,
            average_minutes=average,
            progress=progress,
        )
    final = run(
        full.with_open(open_counters(groups, needed)),
        model,
        policy,
        replications,
        seed,
        average_minutes=average,
        progress=progress,
    )
    return Forecast(groups, needed, outlook(final, plan.hours, level), replications)


def predict(
    plan: DayPlan,
    model: DemandModel,
    policy: DispatchPolicy,
    level: ServiceLevel,
    replications: int = 40,
    seed: int = 1,
    average_minutes: Mapping[str, float] | None = None,
    progress: Progress | None = None,
) -> Outlook:
    """The day's outlook with the plan's own staffing (what a back-test compares)."""
    runs = run(plan, model, policy, replications, seed, None, average_minutes, progress)
    return outlook(runs, plan.hours, level)
