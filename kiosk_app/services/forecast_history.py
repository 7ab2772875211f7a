"""Simulated history for a centre: weeks of tickets and bookings written to the
store as the product would have written them, from a known "true" demand (for the
back-test bench, the tests and the demo's management chart).

The truth: about `visits_per_day` visitors on a weekday (fewer on Saturday and
Sunday), peaks at 10–12 and 14–16, 35 % of them booked, 29 % of bookings not
kept, 43 % of booked visitors more than 5 minutes early, 5 % no-shows at the
counter, counter times log-normal around each service's catalogue average. Each
day is staffed with a plan near the offered load (some hours short, some long),
and played by the same simulation the forecast uses.
"""

from __future__ import annotations

import math
import random
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import Engine

from kiosk_app.domain.dispatch import DispatchPolicy
from kiosk_app.domain.forecast import groups_of, offered_load
from kiosk_app.domain.forecast_model import QUARTER, DemandModel, ServiceProfile
from kiosk_app.domain.forecast_sim import DayPlan, Visit, simulate
from kiosk_app.domain.tickets import TicketKind
from kiosk_app.services.forecast_service import average_minutes, day_plan
from kiosk_app.store.engine import read_tx, write_tx
from kiosk_app.store.history_repo import days_with_tickets, insert_history
from server_sync.kernel.catalogue import Catalogue

WEEKDAY_FACTOR = (1.15, 1.05, 1.0, 1.0, 0.95, 0.8, 0.5)
BOOKED_SHARE = 0.35
PRIORITY_SHARE = 0.05
BOOKING_NO_SHOW = 0.29
COUNTER_NO_SHOW = 0.05


@dataclass(frozen=True)
class History:
    days: int
    tickets: int
    bookings: int


def _shape(quarter: int) -> float:
    hour = quarter * QUARTER / 60

    def bump(centre: float, width: float) -> float:
        return math.exp(-(((hour - centre) / width) ** 2))

    return 1.0 + 0.8 * bump(11, 1.0) + 0.5 * bump(15, 1.0) - 0.3 * bump(13.25, 0.4)


def true_model(catalogue: Catalogue, centre_id: str, visits_per_day: int, seed: int) -> DemandModel:
    """The demand the simulated history is drawn from."""
    rng = random.Random(seed)
    centre = catalogue.centres[centre_id]
    served = sorted(s for c in centre.counters for s in c.service_ids)
    served = sorted(set(served))
    weights = {sid: rng.uniform(0.3, 1.7) for sid in served}
    total = sum(weights.values())
    arrivals: dict[tuple[int, str, str], dict[int, float]] = {}
    profiles: dict[str, ServiceProfile] = {}
    averages = average_minutes(catalogue)
    for weekday, factor in enumerate(WEEKDAY_FACTOR):
        quarters = _open_quarters(catalogue, centre_id, weekday)
        if not quarters:
            continue
        norm = sum(_shape(q) for q in quarters)
        for sid in served:
            day_visits = visits_per_day * factor * weights[sid] / total
            for kind, share in (
                ("walk_in", 1 - BOOKED_SHARE - PRIORITY_SHARE),
                ("priority", PRIORITY_SHARE),
            ):
                arrivals[(weekday, sid, kind)] = {
                    q: day_visits * share * _shape(q) / norm for q in quarters
                }
    for sid in served:
        mean = averages.get(sid, 10.0)
        sigma = 0.5
        mu = math.log(mean) - sigma**2 / 2
        busy = tuple(sorted(rng.lognormvariate(mu, sigma) for _ in range(1500)))
        early = tuple(
            sorted(
                rng.uniform(5, 30) if rng.random() < 0.43 else rng.uniform(0, 5) for _ in range(500)
            )
        )
        profiles[sid] = ServiceProfile(
            busy,
            tuple(sorted(rng.uniform(0.5, 2.0) for _ in range(200))),
            BOOKING_NO_SHOW,
            COUNTER_NO_SHOW,
            early,
            BOOKED_SHARE,
            mean,
        )
    return DemandModel(arrivals, profiles, {})


def _open_quarters(catalogue: Catalogue, centre_id: str, weekday: int) -> list[int]:
    """The quarters a centre is open on a weekday (from a plain week with that day)."""
    centre = catalogue.centres[centre_id]
    monday = date(2026, 1, 5)  # a Monday; holidays do not matter for the shape
    for k in range(0, 70, 7):
        day = monday + timedelta(days=weekday + k)
        intervals = centre.hours.intervals_on(day)
        if intervals:
            return [
                q
                for a, b in intervals
                for q in range(
                    (a.hour * 60 + a.minute) // QUARTER, (b.hour * 60 + b.minute) // QUARTER
                )
            ]
    return []


def day_bookings(
    truth: DemandModel, plan: DayPlan, rng: random.Random, visits_per_day: int
) -> list[tuple[str, float]]:
    """Bookings made for a day: the booked share of its visitors, raised for no-shows,
    on 15-minute slots spread over the opening hours."""
    weekday = plan.day.weekday()
    out: list[tuple[str, float]] = []
    slots = [float(m) for m in range(int(plan.opens), int(plan.closes) - 14, QUARTER)]
    for sid in sorted({s for ss in plan.counters.values() for s in ss}):
        walk = truth.expected_arrivals(weekday, sid, "walk_in")
        walk += truth.expected_arrivals(weekday, sid, "priority")
        mean = walk / (1 - BOOKED_SHARE) * BOOKED_SHARE / (1 - BOOKING_NO_SHOW)
        n = max(round(rng.gauss(mean, math.sqrt(mean))), 0) if mean > 0 else 0
        out.extend((sid, rng.choice(slots)) for _ in range(n))
    return out


def staffed(plan: DayPlan, truth: DemandModel, rng: random.Random) -> DayPlan:
    """A plan with counters near the offered load: what a manager might have opened."""
    opened: dict[int, set[int]] = {h: set() for h in plan.hours}
    averages: dict[str, float] = {}
    for g in groups_of(plan.counters):
        for h in plan.hours:
            load = offered_load(plan, truth, g, h, averages)
            n = min(max(round(load * rng.uniform(0.95, 1.3) + 0.3), 1), len(g.counters))
            opened[h].update(g.counters[:n])
    return plan.with_open({h: frozenset(c) for h, c in opened.items()})


def generate_history(
    engine: Engine,
    catalogue: Catalogue,
    centre_id: str,
    first: date,
    days: int,
    *,
    visits_per_day: int = 1000,
    seed: int = 7,
    policy: DispatchPolicy | None = None,
    on_day: Callable[[date, DayPlan, list[Visit]], None] | None = None,
) -> History:
    """Write `days` days of simulated history from `first` on (closed days skipped)."""
    policy = policy or DispatchPolicy()
    truth = true_model(catalogue, centre_id, visits_per_day, seed)
    rng = random.Random(seed)
    zone = ZoneInfo(catalogue.centres[centre_id].timezone)
    letters = {sid: s.group for sid, s in catalogue.services.items()}
    n_days = n_tickets = n_bookings = 0
    with read_tx(engine) as conn:  # a second run adds nothing to days it already made
        taken = days_with_tickets(conn, centre_id, first, first + timedelta(days=days))
    for k in range(days):
        day = first + timedelta(days=k)
        if day in taken:
            continue
        try:
            bare = day_plan(catalogue, centre_id, day)
        except ValueError:
            continue
        booked = day_bookings(truth, bare, rng, visits_per_day)
        plan = staffed(
            DayPlan(day, bare.opens, bare.closes, bare.counters, bare.open_by_hour, tuple(booked)),
            truth,
            rng,
        )
        visits = simulate(plan, truth, policy, rng.randrange(1 << 30))
        t_rows, b_rows = _rows(centre_id, day, zone, plan, visits, letters, policy)
        with write_tx(engine) as conn:
            insert_history(conn, t_rows, b_rows)
        if on_day:
            on_day(day, plan, visits)
        n_days += 1
        n_tickets += len(t_rows)
        n_bookings += len(b_rows)
    return History(n_days, n_tickets, n_bookings)


def _rows(
    centre_id: str,
    day: date,
    zone: ZoneInfo,
    plan: DayPlan,
    visits: list[Visit],
    letters: dict[str, str],
    policy: DispatchPolicy,
) -> tuple[list[dict[str, object]], list[dict[str, object]]]:
    midnight = datetime.combine(day, time(0), tzinfo=zone)

    def at(minutes: float) -> datetime:
        return (midnight + timedelta(minutes=minutes)).astimezone(UTC)

    sequence: Counter[str] = Counter()
    open_bookings = Counter(plan.bookings)
    t_rows: list[dict[str, object]] = []
    b_rows: list[dict[str, object]] = []
    for i, v in enumerate(sorted(visits, key=lambda v: v.issued)):
        letter = letters.get(v.service_id, "Z")
        sequence[letter] += 1
        issued = at(v.issued)
        slot = at(v.slot) if v.slot is not None else None
        called = at(v.start + v.wait) if v.wait is not None else None
        code = None
        if v.kind is TicketKind.BOOKED and v.slot is not None:
            open_bookings[(v.service_id, v.slot)] -= 1
            code = f"H{day:%y%m%d}{i:05d}"
            b_rows.append(
                _booking(
                    centre_id,
                    day,
                    v.service_id,
                    v.slot,
                    code,
                    "served" if v.served else "no_show",
                    issued,
                )
            )
        status = "waiting" if called is None else "served" if v.served else "no_show"
        t_rows.append(
            {
                "centre_id": centre_id,
                "day": day,
                "letter": letter,
                "sequence": sequence[letter],
                "service_id": v.service_id,
                "kind": v.kind.value,
                "status": status,
                "issued_at": issued,
                "call_time": policy.call_time(v.kind, issued, slot),
                "slot_at": slot,
                "booking_code": code,
                "language": "az",
                "counter": v.counter if v.counter is not None and v.counter < 1000 else None,
                "called_at": called,
                "served_at": called + timedelta(minutes=min(0.5, v.busy / 4))
                if called and v.served
                else None,
                "finished_at": called + timedelta(minutes=v.busy) if called else None,
            }
        )
    j = 0
    for (sid, slot_minute), left in sorted(open_bookings.items()):
        for _ in range(max(left, 0)):
            j += 1
            b_rows.append(
                _booking(centre_id, day, sid, slot_minute, f"N{day:%y%m%d}{j:05d}", "expired", None)
            )
    return t_rows, b_rows


def _booking(
    centre_id: str,
    day: date,
    service_id: str,
    slot: float,
    code: str,
    status: str,
    checked_in: datetime | None,
) -> dict[str, object]:
    now = datetime.combine(day, time(0), tzinfo=UTC)
    return {
        "order_code": code,
        "centre_id": centre_id,
        "service_id": service_id,
        "slot_day": day,
        "slot_time": time(int(slot // 60), int(slot % 60)),
        "first_name": "Simulated",
        "last_name": "History",
        "father_name": "Visitor",
        "id_document": "AA0000000",
        "phone": "+994000000000",
        "email": "history@example.invalid",
        "language": "az",
        "status": status,
        "created_at": now,
        "checked_in_at": checked_in,
        "updated_at": now,
    }
