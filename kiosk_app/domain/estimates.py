"""Waiting estimates (gözləmə müddəti): people ahead and minutes.

Minutes = people ahead × typical service minutes ÷ open counters serving the
service. The typical time is the median of today's recent service durations
when there are enough of them, else the catalogue's average for the service.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass

MIN_SAMPLES = 5
RECENT = 20


@dataclass(frozen=True)
class WaitEstimate:
    people_ahead: int
    minutes: int


def typical_service_minutes(recent_minutes: Sequence[float], catalogue_minutes: int) -> float:
    """The median of the last `RECENT` durations, or the catalogue's figure."""
    recent = [m for m in recent_minutes[-RECENT:] if m > 0]
    if len(recent) < MIN_SAMPLES:
        return float(catalogue_minutes)
    return float(statistics.median(recent))


def estimate_wait(
    people_ahead: int,
    *,
    open_counters: int,
    recent_minutes: Sequence[float],
    catalogue_minutes: int,
) -> WaitEstimate:
    """Minutes until this visitor is likely called (0 when nobody is ahead)."""
    if people_ahead <= 0:
        return WaitEstimate(0, 0)
    per_visitor = typical_service_minutes(recent_minutes, catalogue_minutes)
    counters = max(open_counters, 1)
    return WaitEstimate(people_ahead, math.ceil(people_ahead * per_visitor / counters))
