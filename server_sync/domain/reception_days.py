"""Officials' weekly reception days and hours as the seed writes them (seed 002).

"birinci günlər" is Monday (the first day of the week), "üçüncü, beşinci günlər"
Wednesday and Friday, "həftənin bütün iş günləri" Monday to Friday; hours are
"10:00-dan" (from ten until the centre closes), "10:00-13:00", or "bütün iş saatı"
(the centre's whole opening hours). A parsed rule gives the next reception dates,
skipping the centre's holidays and closed days and the days already full.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, time, timedelta

from server_sync.kernel.text import search_key

#: Ordinal words of the week's days, folded (`search_key`): "üçüncü" → "ucuncu".
_ORDINALS = {
    "birinci": 0,
    "ikinci": 1,
    "ucuncu": 2,
    "dorduncu": 3,
    "besinci": 4,
    "altinci": 5,
    "yeddinci": 6,
}
#: "həftənin bütün iş günləri" (the seed also writes "heftənin"): Monday to Friday.
_ALL_WORKDAYS = re.compile(r"^h[e]ft[e]nin\s+butun\s+is\s+gunleri$")
_WHOLE_DAY = re.compile(r"^butun\s+is\s+saat[ii]$")
_FROM = re.compile(r"^(\d{1,2})[:.](\d{2})\s*-?\s*(?:dan|den)$")
_RANGE = re.compile(r"^(\d{1,2})[:.](\d{2})\s*-\s*(\d{1,2})[:.](\d{2})$")
WORKDAYS = frozenset(range(5))
DEFAULT_COUNT = 4  # the seed: "son 4 qəbul gününün tarixləri"
HORIZON_DAYS = 120


class ReceptionPhraseError(ValueError):
    """The phrase is not one of the forms above (the demo data and IT see why)."""


@dataclass(frozen=True)
class ReceptionRule:
    """Which weekdays (0 = Monday) and from/until when an official receives;
    `starts`/`ends` None: from the centre's opening, until its closing."""

    weekdays: frozenset[int]
    starts: time | None = None
    ends: time | None = None

    def receives_on(self, day: date) -> bool:
        return day.weekday() in self.weekdays

    def hours_on(self, opening: tuple[time, time] | None) -> tuple[time, time] | None:
        """The reception's start and end on a day the centre opens `opening`."""
        if opening is None:
            return None
        start = self.starts or opening[0]
        end = self.ends or opening[1]
        start, end = max(start, opening[0]), min(end, opening[1])
        return (start, end) if start < end else None


def parse_days(text: str) -> frozenset[int]:
    """ "birinci günlər" → {0}; "üçüncü, beşinci günlər" → {2, 4}; all workdays."""
    key = " ".join(search_key(text).replace(",", " , ").split())
    if not key:
        raise ReceptionPhraseError("no reception days")
    if _ALL_WORKDAYS.match(key):
        return WORKDAYS
    words = key.removesuffix(" gunler").removesuffix(" gun")
    days = set()
    for part in re.split(r"\s*(?:,|\bve\b)\s*", words):
        part = part.strip()
        if part not in _ORDINALS:
            raise ReceptionPhraseError(f"unknown reception day: {part or text!r}")
        days.add(_ORDINALS[part])
    return frozenset(days)


def parse_hours(text: str) -> tuple[time | None, time | None]:
    """ "10:00-dan" → (10:00, None); "10:00-13:00"; "bütün iş saatı" → (None, None)."""
    key = " ".join(search_key(text).split())
    if _WHOLE_DAY.match(key):
        return None, None
    found = _FROM.match(key)
    if found:
        return _time(found.group(1), found.group(2)), None
    found = _RANGE.match(key)
    if found:
        start = _time(found.group(1), found.group(2))
        end = _time(found.group(3), found.group(4))
        if end <= start:
            raise ReceptionPhraseError(f"reception hours end before they start: {text!r}")
        return start, end
    raise ReceptionPhraseError(f"unknown reception hours: {text!r}")


def _time(hours: str, minutes: str) -> time:
    try:
        return time(int(hours), int(minutes))
    except ValueError:
        raise ReceptionPhraseError(f"not a time: {hours}:{minutes}") from None


def parse_rule(days: str, hours: str) -> ReceptionRule:
    starts, ends = parse_hours(hours)
    return ReceptionRule(parse_days(days), starts, ends)


class Skip(enum.StrEnum):
    HOLIDAY = "holiday"  # a holiday or a day the centre is closed
    FULL = "full"  # every place of that reception day is taken


@dataclass(frozen=True)
class DateChoices:
    """The next reception dates to offer, and the reception days skipped on the way."""

    offered: list[date] = field(default_factory=list)
    skipped: list[tuple[date, Skip]] = field(default_factory=list)


def next_dates(
    rule: ReceptionRule,
    first: date,
    opening: Callable[[date], tuple[time, time] | None],
    taken: Mapping[date, int],
    capacity: int,
    count: int = DEFAULT_COUNT,
    horizon_days: int = HORIZON_DAYS,
) -> DateChoices:
    """From `first` on, the next `count` reception days with a free place.

    `opening(day)` is the centre's opening (first interval's start, last one's end)
    or None on its holidays and closed days; `taken` counts the places taken."""
    choices = DateChoices()
    day = first
    for _ in range(horizon_days):
        if len(choices.offered) >= count:
            break
        if rule.receives_on(day):
            if rule.hours_on(opening(day)) is None:
                choices.skipped.append((day, Skip.HOLIDAY))
            elif taken.get(day, 0) >= capacity:
                choices.skipped.append((day, Skip.FULL))
            else:
                choices.offered.append(day)
        day += timedelta(days=1)
    return choices
