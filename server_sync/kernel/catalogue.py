"""The catalogue: agencies, their services, the centres that offer them, counters,
the per centre and service booking rules and the check-in window.

Plain frozen dataclasses; `Catalogue.from_dict` reads the data-file shape used in
`assets/catalogue/catalogue.json` and by the sync protocol, checking every
reference so that a bad file is refused with a message naming the bad entry.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any, Literal

from server_sync.kernel.booking_rules import BookingRules
from server_sync.kernel.checkin_window import CheckInWindow
from server_sync.kernel.forms import ApplicationForm, FormError

Language = Literal["az", "ru", "en"]
LANGUAGES: tuple[Language, ...] = ("az", "ru", "en")
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
_HHMM = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


class CatalogueError(ValueError):
    """The catalogue data is inconsistent; the message names the entry."""


@dataclass(frozen=True)
class Text:
    """A text in the three languages; Azerbaijani is required, others fall back to it."""

    az: str
    ru: str = ""
    en: str = ""

    def __call__(self, language: str) -> str:
        value: str = getattr(self, language, "") if language in LANGUAGES else ""
        return value or self.az

    @classmethod
    def from_dict(cls, data: Mapping[str, str], where: str) -> Text:
        if not isinstance(data, Mapping) or not str(data.get("az", "")).strip():
            raise CatalogueError(f"{where}: an Azerbaijani name is required")
        return cls(az=str(data["az"]), ru=str(data.get("ru", "")), en=str(data.get("en", "")))

    def to_dict(self) -> dict[str, str]:
        return {"az": self.az, "ru": self.ru, "en": self.en}


@dataclass(frozen=True)
class Agency:
    id: str
    name: Text


@dataclass(frozen=True)
class Service:
    id: str
    agency_id: str
    name: Text
    group: str
    average_minutes: int
    bookable_online: bool = True
    walk_in: bool = True
    #: The agency's application form (seeds 000, 001), when the service takes one.
    form: ApplicationForm | None = None


@dataclass(frozen=True)
class Counter:
    number: int
    service_ids: frozenset[str]


@dataclass(frozen=True)
class WeeklyHours:
    """Opening intervals for each weekday (0 = Monday); gaps are breaks."""

    intervals: tuple[tuple[tuple[time, time], ...], ...]
    holidays: frozenset[date] = frozenset()

    def intervals_on(self, day: date) -> tuple[tuple[time, time], ...]:
        if day in self.holidays:
            return ()
        return self.intervals[day.weekday()]

    def is_open_day(self, day: date) -> bool:
        return bool(self.intervals_on(day))

    def is_open_at(self, moment: datetime) -> bool:
        t = moment.time().replace(tzinfo=None)
        return any(start <= t < end for start, end in self.intervals_on(moment.date()))


@dataclass(frozen=True)
class Centre:
    id: str
    name: Text
    address: Text
    timezone: str
    hours: WeeklyHours
    service_ids: frozenset[str]
    counters: tuple[Counter, ...]

    def counters_for(self, service_id: str) -> tuple[Counter, ...]:
        return tuple(c for c in self.counters if service_id in c.service_ids)


@dataclass(frozen=True)
class Catalogue:
    agencies: Mapping[str, Agency]
    services: Mapping[str, Service]
    centres: Mapping[str, Centre]
    version: int = 1
    rules: BookingRules = field(default_factory=BookingRules)
    checkin: CheckInWindow = field(default_factory=CheckInWindow)  # central default, carried

    def checkin_window(self, centre_id: str, service_id: str) -> CheckInWindow:
        """The check-in window of this service at this centre (see `checkin_window`)."""
        return self.rules.checkin_window(centre_id, service_id, self.checkin)

    def services_of(self, agency_id: str) -> list[Service]:
        return [s for s in self.services.values() if s.agency_id == agency_id]

    def centres_offering(self, service_id: str) -> list[Centre]:
        return [c for c in self.centres.values() if service_id in c.service_ids]

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Catalogue:
        agencies = {a.id: a for a in (_agency(x) for x in _list(data, "agencies"))}
        services: dict[str, Service] = {}
        for raw in _list(data, "services"):
            service = _service(raw)
            if service.agency_id not in agencies:
                raise CatalogueError(f"service {service.id}: unknown agency {service.agency_id!r}")
            _unique(services, service.id, "service")
            services[service.id] = service
        centres: dict[str, Centre] = {}
        for raw in _list(data, "centres"):
            centre = _centre(raw, services)
            _unique(centres, centre.id, "centre")
            centres[centre.id] = centre
        return cls(
            agencies,
            services,
            centres,
            int(data.get("version", 1)),
            BookingRules.from_list(data.get("booking_rules")),
            CheckInWindow.from_dict(data.get("checkin_window"), CheckInWindow()),
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "version": self.version,
            "agencies": [{"id": a.id, "name": a.name.to_dict()} for a in self.agencies.values()],
            "services": [_service_dict(s) for s in self.services.values()],
            "centres": [_centre_dict(c) for c in self.centres.values()],
            "booking_rules": self.rules.to_list(),
            "checkin_window": self.checkin.to_dict(),
        }


def _list(data: Mapping[str, Any], key: str) -> list[Mapping[str, Any]]:
    value = data.get(key)
    if not isinstance(value, list):
        raise CatalogueError(f"catalogue: {key!r} must be a list")
    return value


def _unique(seen: Mapping[str, object], key: str, kind: str) -> None:
    if key in seen:
        raise CatalogueError(f"{kind} {key}: duplicate id")


def _checked_id(raw: Mapping[str, Any], kind: str) -> str:
    ident = str(raw.get("id", ""))
    if not _ID.match(ident):
        raise CatalogueError(f"{kind} {ident!r}: id must be lowercase letters, digits and dashes")
    return ident


def _agency(raw: Mapping[str, Any]) -> Agency:
    ident = _checked_id(raw, "agency")
    return Agency(ident, Text.from_dict(raw.get("name", {}), f"agency {ident}"))


def _service(raw: Mapping[str, Any]) -> Service:
    ident = _checked_id(raw, "service")
    group = str(raw.get("group", ""))
    if not re.fullmatch(r"[A-Z]", group):
        raise CatalogueError(f"service {ident}: group must be one capital Latin letter")
    form = None
    if raw.get("form") is not None:
        try:
            form = ApplicationForm.from_dict(raw["form"], f"service {ident} form")
        except FormError as exc:
            raise CatalogueError(str(exc)) from None
    minutes = raw.get("average_minutes")
    if not isinstance(minutes, int) or not 1 <= minutes <= 480:
        raise CatalogueError(f"service {ident}: average_minutes must be 1..480")
    return Service(
        id=ident,
        agency_id=str(raw.get("agency", "")),
        name=Text.from_dict(raw.get("name", {}), f"service {ident}"),
        group=group,
        average_minutes=minutes,
        bookable_online=bool(raw.get("bookable_online", True)),
        walk_in=bool(raw.get("walk_in", True)),
        form=form,
    )


def _hhmm(value: object, where: str) -> time:
    if not isinstance(value, str) or not _HHMM.match(value):
        raise CatalogueError(f"{where}: {value!r} is not a HH:MM time")
    return time.fromisoformat(value)


def parse_hours(hours: Mapping[str, Any], holidays: Iterable[str], where: str) -> WeeklyHours:
    """Read `{"mon": [["09:00", "19:00"]], ...}` and ISO holiday dates."""
    days = []
    for name in WEEKDAYS:
        spans = []
        for pair in hours.get(name, []) or []:
            if not isinstance(pair, list | tuple) or len(pair) != 2:
                raise CatalogueError(f"{where} {name}: each interval is [open, close]")
            start, end = _hhmm(pair[0], f"{where} {name}"), _hhmm(pair[1], f"{where} {name}")
            if start >= end:
                raise CatalogueError(f"{where} {name}: opens {pair[0]} after it closes {pair[1]}")
            spans.append((start, end))
        days.append(tuple(sorted(spans)))
    try:
        closed = frozenset(date.fromisoformat(str(d)) for d in holidays)
    except ValueError as exc:
        raise CatalogueError(f"{where}: bad holiday date ({exc})") from None
    return WeeklyHours(tuple(days), closed)


def _centre(raw: Mapping[str, Any], services: Mapping[str, Service]) -> Centre:
    ident = _checked_id(raw, "centre")
    where = f"centre {ident}"
    offered = frozenset(str(s) for s in raw.get("services", []))
    unknown = sorted(offered - services.keys())
    if unknown:
        raise CatalogueError(f"{where}: unknown services {', '.join(unknown)}")
    counters: list[Counter] = []
    for c in raw.get("counters", []):
        number = c.get("number")
        if not isinstance(number, int) or number < 1 or any(x.number == number for x in counters):
            raise CatalogueError(f"{where}: counter numbers must be distinct positive integers")
        served = frozenset(str(s) for s in c.get("services", []))
        if not served <= offered:
            extra = ", ".join(sorted(served - offered))
            raise CatalogueError(f"{where} counter {number}: serves services not offered: {extra}")
        counters.append(Counter(number, served))
    return Centre(
        id=ident,
        name=Text.from_dict(raw.get("name", {}), where),
        address=Text.from_dict(raw.get("address", {}), f"{where} address"),
        timezone=str(raw.get("timezone", "Asia/Baku")),
        hours=parse_hours(raw.get("hours", {}), raw.get("holidays", []), where),
        service_ids=offered,
        counters=tuple(counters),
    )


def hours_to_dict(hours: WeeklyHours) -> dict[str, list[list[str]]]:
    return {
        name: [[s.strftime("%H:%M"), e.strftime("%H:%M")] for s, e in hours.intervals[i]]
        for i, name in enumerate(WEEKDAYS)
    }


def _service_dict(s: Service) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": s.id,
        "agency": s.agency_id,
        "name": s.name.to_dict(),
        "group": s.group,
        "average_minutes": s.average_minutes,
        "bookable_online": s.bookable_online,
        "walk_in": s.walk_in,
    }
    if s.form is not None:
        out["form"] = s.form.to_dict()
    return out


def _centre_dict(c: Centre) -> dict[str, Any]:
    return {
        "id": c.id,
        "name": c.name.to_dict(),
        "address": c.address.to_dict(),
        "timezone": c.timezone,
        "hours": hours_to_dict(c.hours),
        "holidays": sorted(d.isoformat() for d in c.hours.holidays),
        "services": sorted(c.service_ids),
        "counters": [{"number": k.number, "services": sorted(k.service_ids)} for k in c.counters],
    }
