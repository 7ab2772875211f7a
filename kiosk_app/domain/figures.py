"""The day's figures for the management screen and the reports.

Waiting time runs from issue (or, for a booked ticket checked in early, from
its slot time: waiting for one's own slot is not the centre's delay) to the
first call; service time from the start of service to its end. Percentiles use
the nearest-rank method so every figure is a time someone actually waited.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo

from kiosk_app.domain.tickets import TicketStatus
from server_sync.kernel.clock import BAKU


@dataclass(frozen=True)
class TicketFacts:
    """The times of one ticket that the figures are made of."""

    service_id: str
    status: TicketStatus
    issued_at: datetime
    slot_at: datetime | None = None
    called_at: datetime | None = None
    served_at: datetime | None = None
    finished_at: datetime | None = None

    @property
    def wait_minutes(self) -> float | None:
        if self.called_at is None:
            return None
        start = self.issued_at
        if self.slot_at is not None and self.slot_at > start:
            start = self.slot_at
        return max((self.called_at - start).total_seconds() / 60, 0.0)

    @property
    def service_minutes(self) -> float | None:
        if self.status is not TicketStatus.SERVED or not (self.served_at and self.finished_at):
            return None
        return max((self.finished_at - self.served_at).total_seconds() / 60, 0.0)


@dataclass(frozen=True)
class CurvePoint:
    """Average wait of the tickets called in one slice of the day (local time);
    a range of days folds onto one day."""

    minute: int  # minute of the day the slice starts, e.g. 600 for 10:00
    average_wait: float
    calls: int

    @property
    def hour(self) -> float:
        return self.minute / 60


@dataclass(frozen=True)
class Figures:
    issued: int
    served: int
    no_show: int
    waiting: int
    no_show_percent: float
    average_wait: float
    p90_wait: float
    average_service: float
    p90_service: float
    within_target_percent: float
    target_minutes: int
    curve: tuple[CurvePoint, ...] = field(default=())
    # bookings nobody checked in by slot + grace (expired), apart from `no_show`:
    # tickets called that nobody answered
    booked_no_show: int = 0


def percentile(values: Sequence[float], p: float) -> float:
    """Nearest-rank percentile (p in 0..100); 0.0 for no values."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(math.ceil(p / 100 * len(ordered)), 1)
    return ordered[rank - 1]


def _mean(values: Sequence[float]) -> float:
    return sum(values) / len(values) if values else 0.0


def _pct(part: int, whole: int) -> float:
    return 100.0 * part / whole if whole else 0.0


def waiting_curve(
    facts: Iterable[TicketFacts], bucket_minutes: int = 30, tz: tzinfo = BAKU
) -> tuple[CurvePoint, ...]:
    """Average wait per `bucket_minutes` slice of the day, by local time of the call."""
    buckets: dict[int, list[float]] = {}
    for f in facts:
        w = f.wait_minutes
        if w is None or f.called_at is None:
            continue
        at = f.called_at.astimezone(tz)
        minute = (at.hour * 60 + at.minute) // bucket_minutes * bucket_minutes
        buckets.setdefault(minute, []).append(w)
    return tuple(CurvePoint(k, _mean(v), len(v)) for k, v in sorted(buckets.items()))


def day_figures(facts: Sequence[TicketFacts], target_minutes: int) -> Figures:
    """All the day's figures from its tickets."""
    waits = [w for f in facts if (w := f.wait_minutes) is not None]
    services = [s for f in facts if (s := f.service_minutes) is not None]
    served = sum(1 for f in facts if f.status is TicketStatus.SERVED)
    no_show = sum(1 for f in facts if f.status is TicketStatus.NO_SHOW)
    waiting = sum(1 for f in facts if f.status is TicketStatus.WAITING)
    served_waits = [
        w for f in facts if f.status is TicketStatus.SERVED and (w := f.wait_minutes) is not None
    ]
    within = sum(1 for w in served_waits if w <= target_minutes)
    return Figures(
        issued=len(facts),
        served=served,
        no_show=no_show,
        waiting=waiting,
        no_show_percent=_pct(no_show, served + no_show),
        average_wait=_mean(waits),
        p90_wait=percentile(waits, 90),
        average_service=_mean(services),
        p90_service=percentile(services, 90),
        within_target_percent=_pct(within, len(served_waits)),
        target_minutes=target_minutes,
        curve=waiting_curve(facts),
    )


def longest_wait_minutes(issued: Iterable[datetime], now: datetime) -> float:
    """How long the longest-waiting ticket has waited so far."""
    return max(((now - at).total_seconds() / 60 for at in issued), default=0.0)


def days_between(first: date, last: date) -> list[date]:
    """Every day from `first` to `last` inclusive (for range reports)."""
    if last < first:
        raise ValueError("the range ends before it starts")
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]
