"""Staffing forecast benchmark: how long a day's forecast takes with 1k, 10k and
100k tickets of history, and a back-test that forecasts each day of a held-out
period and compares with what happened, so the error is known.

History is simulated (`kiosk_app.services.forecast_history`: Baku centre No. 1,
about 1,000 visitors a day, 29 % booking no-shows, 43 % of booked visitors early,
each day staffed near its load). For every held-out day the model learns only
from the days before it, and is given that day's bookings and the counters that
actually worked in each hour; "actual" is that day's tickets in the store.

    .venv/bin/python bench/bench_forecast.py [--days 100] [--held-out 14] [--runs 3]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kiosk_app.domain.dispatch import DispatchPolicy
from kiosk_app.domain.forecast import ServiceLevel, predict
from kiosk_app.domain.forecast_model import PastTicket, staffing_by_hour
from kiosk_app.services.forecast_history import generate_history
from kiosk_app.services.forecast_service import (
    average_minutes,
    day_plan,
    forecast_day,
    learn_history,
)
from kiosk_app.settings import ForecastSettings
from kiosk_app.store import make_engine, read_tx, upgrade, write_tx
from kiosk_app.store.catalogue_repo import replace_catalogue
from kiosk_app.store.history_repo import bookings_of_day, past_tickets
from server_sync.catalogue_data import load_demo_catalogue

CENTRE = "baku-1"
FIRST = date(2026, 6, 1)


def store(folder: Path, name: str, days: int) -> tuple[object, int]:
    url = f"sqlite:///{folder / name}.db"
    upgrade(url)
    engine = make_engine(url)
    catalogue = load_demo_catalogue()
    with write_tx(engine) as conn:
        replace_catalogue(conn, catalogue)
    made = generate_history(engine, catalogue, CENTRE, FIRST, days, visits_per_day=1000)
    return engine, made.tickets


def actual(tickets: list[PastTicket], level: ServiceLevel) -> tuple[float, float]:
    """The day's average wait (called tickets) and % of served called within target,
    by the figures' rule (a booked visitor waits from the slot)."""
    waits, judged, within = [], 0, 0
    for t in tickets:
        start = max(t.issued, t.slot) if t.slot is not None else t.issued
        wait = None if t.called is None else max(t.called - start, 0.0)
        if wait is not None:
            waits.append(wait)
        if t.status == "served" or wait is None:
            judged += 1
            within += wait is not None and wait <= level.minutes
    return statistics.fmean(waits) if waits else 0.0, 100 * within / max(judged, 1)


def speed(folder: Path, runs: int, days_list: tuple[int, ...]) -> object:
    print("== a day's forecast (search + 40 replications), by history size")
    catalogue = load_demo_catalogue()
    settings = ForecastSettings(history_weeks=16)
    engine: object = None
    for days in days_list:
        engine, n = store(folder, f"history{days}", days)
        day = FIRST + timedelta(weeks=-(-days // 7))  # a weekday the history has
        while not catalogue.centres[CENTRE].hours.intervals_on(day):
            day += timedelta(days=1)
        times, cpu = [], []
        for _ in range(runs):
            t0, c0 = time.perf_counter(), time.process_time()
            forecast_day(engine, catalogue, CENTRE, day, DispatchPolicy(), settings)  # type: ignore[arg-type]
            times.append(time.perf_counter() - t0)
            cpu.append(time.process_time() - c0)
        print(
            f"history {n:>7} tickets: median {statistics.median(times):5.2f} s wall, "
            f"{statistics.median(cpu):5.2f} s CPU ({runs} runs)"
        )
    return engine


def backtest(folder: Path, days: int, held_out: int, engine: object = None) -> None:
    print(f"== back-test: {held_out} held-out days after {days - held_out} days of history")
    catalogue = load_demo_catalogue()
    zone = catalogue.centres[CENTRE].timezone
    if engine is None:
        engine, n = store(folder, f"history{days}", days)
    else:
        with read_tx(engine) as conn:  # type: ignore[arg-type]
            n = sum(1 for _ in past_tickets(conn, CENTRE, FIRST, FIRST + timedelta(days), zone))
    level = ServiceLevel(15, 0.9)
    policy = DispatchPolicy()
    print(f"history: {n} tickets")
    print("day         visitors  avg wait pred [90% band]   actual   SLA% pred [band]      actual")
    errors_wait, errors_sla, bias_wait, bias_sla = [], [], [], []
    t0, c0 = time.perf_counter(), time.process_time()
    for k in range(days - held_out, days):
        day = FIRST + timedelta(days=k)
        if not catalogue.centres[CENTRE].hours.intervals_on(day):
            continue
        model, _ = learn_history(engine, catalogue, CENTRE, day, 8)  # type: ignore[arg-type]
        with read_tx(engine) as conn:  # type: ignore[arg-type]
            rows = list(past_tickets(conn, CENTRE, day, day, zone))
            booked = bookings_of_day(conn, CENTRE, day)
        plan = day_plan(catalogue, CENTRE, day, booked)
        plan = plan.with_open(staffing_by_hour(rows))
        out = predict(plan, model, policy, level, 40, 1, average_minutes(catalogue))
        wait, sla = actual(rows, level)
        w, s = out.average_wait, out.within_target
        print(
            f"{day}  {len(rows):>5}  {w.mean:7.1f} [{w.low:5.1f}–{w.high:5.1f}]  {wait:8.1f}"
            f"   {s.mean:6.1f} [{s.low:5.1f}–{s.high:5.1f}]  {sla:6.1f}"
        )
        errors_wait.append(abs(w.mean - wait))
        errors_sla.append(abs(s.mean - sla))
        bias_wait.append(w.mean - wait)
        bias_sla.append(s.mean - sla)
    print(
        f"average wait: mean absolute error {statistics.fmean(errors_wait):.2f} min, "
        f"bias {statistics.fmean(bias_wait):+.2f} min"
    )
    print(
        f"SLA (% within 15 min): mean absolute error {statistics.fmean(errors_sla):.2f} points, "
        f"bias {statistics.fmean(bias_sla):+.2f} points"
    )
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    print(f"back-test took {wall:.1f} s wall, {cpu:.1f} s CPU")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--days", type=int, default=100, help="days of simulated history")
    parser.add_argument("--held-out", type=int, default=14)
    parser.add_argument("--runs", type=int, default=3, help="forecasts per history size")
    parser.add_argument("--skip-speed", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        engine = None
        if not args.skip_speed:
            engine = speed(folder, args.runs, (1, 10, args.days))
        backtest(folder, args.days, args.held_out, engine)


if __name__ == "__main__":
    main()
