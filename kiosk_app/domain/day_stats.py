"""The day's figures from running totals, so the management screen's cost does
not grow with the day's tickets.

The store keeps, per centre and day, totals that each ticket adds to in its own
write transaction (issued; at the first call its wait; at the end its outcome
and service time), durations counted in buckets of `BUCKET_SECONDS`, and calls
per minute for the curve. What a ticket adds is decided here (`TicketFacts`
says what its wait and service time are), so the totals equal
`stats_of(facts)` of the day's tickets; `figures_of` turns them into the same
`Figures` that `day_figures` gives for the facts themselves, except that a
percentile is the upper edge of its bucket (at most 6 s above the exact value).
The share within the target is exact: a target is whole minutes, a multiple of
the bucket.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, tzinfo

from kiosk_app.domain.figures import CurvePoint, Figures, TicketFacts
from kiosk_app.domain.tickets import TicketStatus
from server_sync.kernel.clock import BAKU

BUCKET_SECONDS = 6
WAIT, SERVED_WAIT, SERVICE = "wait", "served_wait", "service"  # the three kinds of duration


def bucket_of(minutes: float) -> int:
    """The bucket a duration is counted in: `(k-1)·6 s < d ≤ k·6 s` → k."""
    return max(math.ceil(round(minutes * 60, 6) / BUCKET_SECONDS), 0)


def bucket_minutes(bucket: int) -> float:
    """A bucket's upper edge, in minutes."""
    return bucket * BUCKET_SECONDS / 60


def call_minute(called_at: datetime) -> datetime:
    """The minute a call falls in (what the curve is counted by)."""
    return called_at.replace(second=0, microsecond=0)


@dataclass
class DayStats:
    """Running totals of one centre's day (all services together)."""

    issued: int = 0
    served: int = 0
    no_show: int = 0
    waits: int = 0  # tickets called at least once
    wait_minutes: float = 0.0  # their waits, summed
    service_minutes: float = 0.0  # served tickets' service times, summed
    buckets: dict[str, dict[int, int]] = field(default_factory=dict)  # kind → bucket → count
    calls: dict[datetime, tuple[int, float]] = field(default_factory=dict)  # minute → n, wait sum

    def count(self, kind: str, minutes: float) -> None:
        per_kind = self.buckets.setdefault(kind, {})
        b = bucket_of(minutes)
        per_kind[b] = per_kind.get(b, 0) + 1


def stats_of(facts: Iterable[TicketFacts]) -> DayStats:
    """The totals a day's tickets add up to (what the store keeps incrementally)."""
    stats = DayStats()
    for f in facts:
        stats.issued += 1
        wait = f.wait_minutes
        if wait is not None and f.called_at is not None:
            stats.waits += 1
            stats.wait_minutes += wait
            stats.count(WAIT, wait)
            minute = call_minute(f.called_at)
            n, total = stats.calls.get(minute, (0, 0.0))
            stats.calls[minute] = (n + 1, total + wait)
        if f.status is TicketStatus.SERVED:
            stats.served += 1
            if wait is not None:
                stats.count(SERVED_WAIT, wait)
            service = f.service_minutes
            if service is not None:
                stats.service_minutes += service
                stats.count(SERVICE, service)
        elif f.status is TicketStatus.NO_SHOW:
            stats.no_show += 1
    return stats


def bucket_percentile(counts: Mapping[int, int], p: float) -> float:
    """Nearest-rank percentile of bucketed durations (the bucket's upper edge)."""
    total = sum(counts.values())
    if not total:
        return 0.0
    rank = max(math.ceil(p / 100 * total), 1)
    seen = 0
    for bucket in sorted(counts):
        seen += counts[bucket]
        if seen >= rank:
            return bucket_minutes(bucket)
    raise AssertionError("unreachable: the ranks add up to the total")


def _curve(
    calls: Mapping[datetime, tuple[int, float]], bucket_minutes_: int, tz: tzinfo
) -> tuple[CurvePoint, ...]:
    slices: dict[int, tuple[int, float]] = {}
    for minute, (n, total) in calls.items():
        at = minute.astimezone(tz)
        start = (at.hour * 60 + at.minute) // bucket_minutes_ * bucket_minutes_
        seen, summed = slices.get(start, (0, 0.0))
        slices[start] = (seen + n, summed + total)
    return tuple(CurvePoint(k, s / n, n) for k, (n, s) in sorted(slices.items()) if n)


def figures_of(
    stats: DayStats,
    *,
    waiting: int,
    target_minutes: int,
    curve_minutes: int = 30,
    tz: tzinfo = BAKU,
) -> Figures:
    """The day's figures from its totals and the number waiting now."""
    buckets = stats.buckets
    served_waits = buckets.get(SERVED_WAIT, {})
    limit = bucket_of(target_minutes)
    within = sum(n for b, n in served_waits.items() if b <= limit)
    judged = sum(served_waits.values())
    services = sum(buckets.get(SERVICE, {}).values())
    finished = stats.served + stats.no_show
    return Figures(
        issued=stats.issued,
        served=stats.served,
        no_show=stats.no_show,
        waiting=waiting,
        no_show_percent=100.0 * stats.no_show / finished if finished else 0.0,
        average_wait=stats.wait_minutes / stats.waits if stats.waits else 0.0,
        p90_wait=bucket_percentile(buckets.get(WAIT, {}), 90),
        average_service=stats.service_minutes / services if services else 0.0,
        p90_service=bucket_percentile(buckets.get(SERVICE, {}), 90),
        within_target_percent=100.0 * within / judged if judged else 0.0,
        target_minutes=target_minutes,
        curve=_curve(stats.calls, curve_minutes, tz),
    )
