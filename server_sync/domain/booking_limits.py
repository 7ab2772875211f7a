"""How many bookings one ID document may hold on one day, and that they must not
overlap (pure): one person cannot be at two counters at the same hour."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import time


def overlaps(start: time, end: time, held: Iterable[tuple[time, time]]) -> bool:
    """Whether the slot `[start, end)` meets any of the `held` slots."""
    return any(s < end and start < e for s, e in held)
