"""The staffing forecast of a day at this centre: read the history, learn the demand,
simulate (`kiosk_app.domain.forecast`), suggest slot capacities."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Engine

from kiosk_app.domain.dispatch import DispatchPolicy
from kiosk_app.domain.forecast import Forecast, Progress, ServiceLevel, expected_days, forecast
from kiosk_app.domain.forecast_model import DemandModel, learn
from kiosk_app.domain.forecast_sim import DayPlan
from kiosk_app.domain.forecast_slots import SlotSuggestion, booking_rules_with, suggest
from kiosk_app.settings import ForecastSettings
from kiosk_app.store import history_repo
from kiosk_app.store.engine import read_tx
from server_sync.kernel.catalogue import Catalogue


class ForecastRefused(ValueError):
    """The day cannot be forecast (closed, unknown centre, no counters)."""


@dataclass(frozen=True)
class DayForecast:
    centre_id: str
    day: date
    forecast: Forecast
    slots: tuple[SlotSuggestion, ...]
    history_tickets: int
    bookings: int


def day_plan(catalogue: Catalogue, centre_id: str, day: date, bookings: Any = ()) -> DayPlan:
    centre = catalogue.centres.get(centre_id)
    if centre is None:
        raise ForecastRefused(f"centre {centre_id!r} is not in the catalogue")
    intervals = centre.hours.intervals_on(day)
    if not intervals:
        raise ForecastRefused(f"centre {centre_id} is closed on {day.isoformat()}")
    opens = min(a.hour * 60 + a.minute for a, _ in intervals)
    closes = max(b.hour * 60 + b.minute for _, b in intervals)
    counters = {c.number: frozenset(c.service_ids) for c in centre.counters}
    if not counters:
        raise ForecastRefused(f"centre {centre_id} has no counters in the catalogue")
    everyone = frozenset(counters)
    hours = range(opens // 60, -(-closes // 60))
    return DayPlan(day, opens, closes, counters, dict.fromkeys(hours, everyone), tuple(bookings))


def learn_history(
    engine: Engine, catalogue: Catalogue, centre_id: str, day: date, weeks: int
) -> tuple[DemandModel, int]:
    """The demand model from the `weeks` before `day` (never the day itself)."""
    centre = catalogue.centres[centre_id]
    first, last = day - timedelta(weeks=weeks), day - timedelta(days=1)
    with read_tx(engine) as conn:
        past = list(history_repo.past_tickets(conn, centre_id, first, last, centre.timezone))
        booked = history_repo.past_bookings(conn, centre_id, first, last)
    return learn(past, booked, average_minutes(catalogue)), len(past)


def average_minutes(catalogue: Catalogue) -> dict[str, float]:
    return {sid: float(s.average_minutes) for sid, s in catalogue.services.items()}


def forecast_day(
    engine: Engine,
    catalogue: Catalogue,
    centre_id: str,
    day: date,
    policy: DispatchPolicy,
    settings: ForecastSettings,
    progress: Progress | None = None,
) -> DayForecast:
    with read_tx(engine) as conn:
        plan = day_plan(
            catalogue, centre_id, day, history_repo.bookings_of_day(conn, centre_id, day)
        )
    model, seen = learn_history(engine, catalogue, centre_id, day, settings.history_weeks)
    result = forecast(
        plan,
        model,
        policy,
        ServiceLevel(settings.within_minutes, settings.target_share),
        replications=settings.replications,
        seed=settings.seed,
        search_replications=settings.search_replications,
        average_minutes=average_minutes(catalogue),
        progress=progress,
    )
    bookable = [s.id for s in catalogue.services.values() if s.bookable_online]
    slots = suggest(result, model, day.weekday(), bookable, average_minutes(catalogue))
    return DayForecast(centre_id, day, result, tuple(slots), seen, len(plan.bookings))


def days_to_simulate(settings: ForecastSettings) -> int:
    """About how many days a forecast simulates (for a progress bar)."""
    return expected_days(settings.replications, settings.search_replications)


def catalogue_with_slots(catalogue: Catalogue, result: DayForecast) -> dict[str, Any]:
    """The catalogue document with the suggested booking rules: what `asan-queue it
    push-catalogue FILE --all` takes."""
    data = catalogue.to_dict()
    data["booking_rules"] = booking_rules_with(
        data.get("booking_rules", []), result.centre_id, result.slots
    )
    return data


def summary(result: DayForecast) -> Mapping[str, Any]:
    """The forecast as plain data (the CLI's --json, the tests)."""
    f = result.forecast
    o = f.outlook
    return {
        "centre": result.centre_id,
        "date": result.day.isoformat(),
        "generated_at": datetime.now().isoformat(timespec="seconds"),
        "history_tickets": result.history_tickets,
        "bookings": result.bookings,
        "replications": f.replications,
        "average_wait": vars(o.average_wait),
        "within_target_percent": vars(o.within_target),
        "visitors": vars(o.visitors),
        "hours": [
            {
                "hour": h.hour,
                "visitors": round(h.visitors, 1),
                "average_wait": vars(h.average_wait),
                "within_target_percent": vars(h.within_target),
            }
            for h in o.hours
        ],
        "counters_needed": [
            {
                "counters": list(g.counters),
                "services": sorted(g.services),
                "by_hour": {str(h): n for h, n in sorted(f.needed[g.name].items())},
            }
            for g in f.groups
        ],
        # a service's need is its group's (a service on two groups: the first)
        "counters_needed_by_service": {
            sid: {str(h): n for h, n in sorted(f.needed[g.name].items())}
            for g in reversed(f.groups)
            for sid in sorted(g.services)
        },
        "slots": [vars(s) for s in result.slots],
    }
