"""The check-in window of seed 003: from `before_minutes` before the slot until the
slot time plus `grace_minutes`.

One rule for every side: the central service sets the window (a default in its
settings, overridable per centre and service in the catalogue's `booking_rules`),
the catalogue carries it to the centres, and the kiosk, its refusals, the booking
page, the API and the e-mail all read it from there.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

MAX_MINUTES = 24 * 60


class WindowPosition(enum.StrEnum):
    EARLY = "early"
    OPEN = "open"
    LATE = "late"


@dataclass(frozen=True)
class CheckInWindow:
    before_minutes: int = 30
    grace_minutes: int = 0

    def __post_init__(self) -> None:
        for name in ("before_minutes", "grace_minutes"):
            value = getattr(self, name)
            if not isinstance(value, int) or not 0 <= value <= MAX_MINUTES:
                raise ValueError(f"check-in window: {name} must be 0..{MAX_MINUTES}")

    def opens_at(self, slot: datetime) -> datetime:
        return slot - timedelta(minutes=self.before_minutes)

    def closes_at(self, slot: datetime) -> datetime:
        return slot + timedelta(minutes=self.grace_minutes)

    def position(self, now: datetime, slot: datetime) -> WindowPosition:
        """Where `now` stands against the window of the slot at `slot` (both
        aware, or both naive, in the same timezone)."""
        if now < self.opens_at(slot):
            return WindowPosition.EARLY
        if now > self.closes_at(slot):
            return WindowPosition.LATE
        return WindowPosition.OPEN

    def to_dict(self) -> dict[str, int]:
        return {"before_minutes": self.before_minutes, "grace_minutes": self.grace_minutes}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any] | None, default: CheckInWindow) -> CheckInWindow:
        """The window `data` describes; missing or unusable numbers keep `default`'s."""
        data = data if isinstance(data, Mapping) else {}
        return cls(
            _minutes(data.get("before_minutes"), default.before_minutes),
            _minutes(data.get("grace_minutes"), default.grace_minutes),
        )


def _minutes(value: object, fallback: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return fallback
    if not 0 <= value <= MAX_MINUTES or value != int(value):
        return fallback
    return int(value)
