"""The clock every rule takes its time from, so tests can stand at any moment.

All wall-clock times of the product are in Asia/Baku (UTC+4, no DST since 2016).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo

BAKU = ZoneInfo("Asia/Baku")


class Clock(Protocol):
    """Tells the current moment as an aware datetime in the centre's timezone."""

    def now(self) -> datetime: ...


class SystemClock:
    """The real clock, in `tz` (Asia/Baku by default)."""

    def __init__(self, tz: ZoneInfo = BAKU, offset: timedelta = timedelta(0)) -> None:
        self.tz = tz
        self.offset = offset  # the demo's "pretend it is 23:30" (settings.demo_clock_offset_s)

    def now(self) -> datetime:
        return datetime.now(self.tz) + self.offset


class FixedClock:
    """A clock that stands still until moved; for tests and replays."""

    def __init__(self, at: datetime) -> None:
        if at.tzinfo is None:
            at = at.replace(tzinfo=BAKU)
        self._at = at

    def now(self) -> datetime:
        return self._at

    def set(self, at: datetime) -> None:
        self._at = at if at.tzinfo else at.replace(tzinfo=BAKU)

    def advance(self, **delta: float) -> None:
        self._at += timedelta(**delta)
