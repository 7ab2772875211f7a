"""`asan-queue forecast`: simulate a day at a centre and say how many counters it needs.

asan-queue forecast --centre ID --date YYYY-MM-DD [--db URL] [--slots-file FILE] [--json FILE]

Prints, hour by hour, the counters each group of counters needs for the service
level (settings `forecast.within_minutes`, `forecast.target_share`), the expected
average wait and share within target with 90 % bands, and the online slot
capacities to push; `--slots-file` writes the catalogue with those booking rules
and prints the `asan-queue it push-catalogue` command that sends it.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any, TextIO

from kiosk_app.cli.common import UserError, settings_from_args
from kiosk_app.cli.gui_common import open_context


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def register(sub: Any) -> None:
    parser = sub.add_parser("forecast", help="staffing forecast of a day (simulation)")
    parser.add_argument("--centre", metavar="ID", help="centre id (default: settings centre.id)")
    parser.add_argument("--date", type=_day, required=True, help="the day, YYYY-MM-DD")
    parser.add_argument("--db", help="centre store URL (default: settings db.url)")
    parser.add_argument("--slots-file", metavar="FILE", help="write the catalogue to push here")
    parser.add_argument("--json", metavar="FILE", help="write the whole forecast as JSON")
    parser.add_argument("--replications", type=int, help="simulated days (default: settings)")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    parser.set_defaults(handler=_forecast)


class ProgressBar:
    """`[#####.....] 42/90 simulated days` on stderr, redrawn in place."""

    def __init__(self, total: int, out: TextIO, width: int = 30) -> None:
        self.total, self.out, self.width, self.done = max(total, 1), out, width, 0
        self.started = time.perf_counter()

    def __call__(self) -> None:
        self.done += 1
        self.total = max(self.total, self.done)
        filled = self.width * self.done // self.total
        bar = "#" * filled + "." * (self.width - filled)
        self.out.write(f"\r[{bar}] {self.done}/{self.total} simulated days")
        self.out.flush()

    def close(self) -> None:
        elapsed = time.perf_counter() - self.started
        self.out.write(f"\r[{'#' * self.width}] {self.done} simulated days in {elapsed:.1f} s\n")
        self.out.flush()


def _forecast(args: argparse.Namespace) -> int:
    overrides: dict[str, object] = {"db.url": args.db}
    if args.centre:
        overrides["centre.id"] = args.centre
    if args.replications is not None:
        if not 1 <= args.replications <= 1000:
            raise UserError("--replications must be between 1 and 1000")
        overrides["forecast.replications"] = args.replications
    for name in ("slots_file", "json"):
        path = getattr(args, name)
        if path and not Path(path).resolve().parent.is_dir():
            raise UserError(f"folder does not exist: {Path(path).parent}")
    settings = settings_from_args(args, **overrides)
    ctx = open_context(settings)
    try:
        from kiosk_app.composition.forecast import run_forecast
        from kiosk_app.services.forecast_service import (
            ForecastRefused,
            catalogue_with_slots,
            days_to_simulate,
            summary,
        )

        bar = None if args.quiet else ProgressBar(days_to_simulate(settings.forecast), sys.stderr)
        try:
            result = run_forecast(ctx, args.date, progress=bar)
        except ForecastRefused as exc:
            raise UserError(str(exc)) from None
        finally:
            if bar:
                bar.close()

        _print(result, ctx.settings.forecast.within_minutes, ctx.settings.forecast.target_share)
        if args.json:
            _write(Path(args.json), summary(result))
            print(f"forecast written to {args.json}")
        if args.slots_file:
            _write(Path(args.slots_file), catalogue_with_slots(ctx.catalogue, result))
            print(f"catalogue with the suggested booking rules written to {args.slots_file}")
            print("push it to the central booking service with:")
            note = f"forecast {result.centre_id} {result.day.isoformat()}"
            print(f'  asan-queue it push-catalogue {args.slots_file} --all --note "{note}"')
    finally:
        ctx.close()
    return 0


def _write(path: Path, data: Any) -> None:
    try:
        path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    except OSError as exc:
        raise UserError(f"cannot write {path}: {exc.strerror}") from None


def _print(result: Any, within: int, share: float) -> None:
    f = result.forecast
    o = f.outlook
    print(
        f"Forecast for {result.centre_id} on {result.day.isoformat()} "
        f"({result.day:%A}): {f.replications} simulated days, "
        f"{result.history_tickets} tickets of history, {result.bookings} bookings made"
    )
    print(
        f"Visitors {o.visitors.mean:.0f} [{o.visitors.low:.0f}–{o.visitors.high:.0f}]; "
        f"average wait {o.average_wait.mean:.1f} min "
        f"[{o.average_wait.low:.1f}–{o.average_wait.high:.1f}]; "
        f"called within {within} min: {o.within_target.mean:.1f} % "
        f"[{o.within_target.low:.1f}–{o.within_target.high:.1f}] (target {share * 100:.0f} %)"
    )
    hours = [h.hour for h in o.hours]
    print()
    print("Counters needed (counters of the group → open in each hour):")
    print(f"  {'group':<16}" + "".join(f"{h:>4}" for h in hours) + "  services")
    for g in f.groups:
        counts = "".join(f"{f.needed[g.name].get(h, 0):>4}" for h in hours)
        installed = len(g.counters)
        flag = (
            " (more than installed)"
            if max(f.needed[g.name].values(), default=0) > installed
            else ""
        )
        print(f"  {g.name:<16}{counts}  {', '.join(sorted(g.services))}{flag}")
    print()
    print("Hour  visitors  average wait, min [90 % band]   within target, % [90 % band]")
    for h in o.hours:
        w, t = h.average_wait, h.within_target
        print(
            f"{h.hour:02d}:00 {h.visitors:9.0f}  {w.mean:6.1f} [{w.low:5.1f}–{w.high:5.1f}]"
            f"{'':14}{t.mean:6.1f} [{t.low:5.1f}–{t.high:5.1f}]"
        )
    if result.slots:
        print()
        print("Online slots (booking rules): service, counters, online share, minutes, places/hour")
        for s in result.slots:
            print(
                f"  {s.service_id:<32}{s.counters:>3}  {s.online_share:6.3f}"
                f"  {s.average_minutes:>3}  {s.places_per_hour():6.1f}"
            )
