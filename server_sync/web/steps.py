"""Which step of the booking wizard a set of choices leads to, and its options."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TypeVar
from urllib.parse import urlencode

from server_sync.api.deps import Services
from server_sync.domain.booking_form import parse_day, parse_time
from server_sync.kernel.catalogue import Agency, Service
from server_sync.kernel.i18n import Translator
from server_sync.kernel.text import collation_key
from server_sync.kernel.wording import long_date
from server_sync.services.errors import Refusal

N = TypeVar("N", Agency, Service)

ORDER = ("agency", "service", "centre", "date", "time")


@dataclass(frozen=True)
class Option:
    label: str
    url: str
    detail: str = ""
    disabled: bool = False


@dataclass
class Step:
    name: str
    title: str
    options: list[Option] = field(default_factory=list)
    summary: list[tuple[str, str, str]] = field(default_factory=list)
    empty: str = ""


def _url(lang: str, chosen: dict[str, str], **more: str) -> str:
    params = {k: v for k, v in chosen.items() if v}
    params.update(more)
    params["lang"] = lang
    return "/book?" + urlencode(params)


def _upto(chosen: dict[str, str], key: str) -> dict[str, str]:
    """The choices made before `key` (changing a step forgets the later ones); the
    application the visit is for, when there is one, is kept through every step."""
    kept = {k: chosen[k] for k in ORDER[: ORDER.index(key)] if chosen.get(k)}
    if chosen.get("application"):
        kept["application"] = chosen["application"]
    return kept


def _by_name(items: Iterable[N], lang: str) -> list[N]:
    """Agencies or services in the alphabet's order of `lang` (ə after e, x after h…)."""
    return sorted(items, key=lambda item: collation_key(item.name(lang), lang))


def choose_step(services: Services, chosen: dict[str, str], lang: str) -> Step:
    tr = Translator(lang)
    catalogue = services.catalogue.current().catalogue
    summary: list[tuple[str, str, str]] = []
    agency = catalogue.agencies.get(chosen.get("agency", ""))
    service = catalogue.services.get(chosen.get("service", ""))
    if service is not None and agency is None:
        agency = catalogue.agencies.get(service.agency_id)
        chosen["agency"] = service.agency_id
    if agency is None:
        options = [
            Option(a.name(lang), _url(lang, {}, agency=a.id))
            for a in sorted(
                catalogue.agencies.values(), key=lambda a: collation_key(a.name(lang), lang)
            )
            if any(s.bookable_online for s in catalogue.services_of(a.id))
        ]
        return Step("agency", tr("web.step.agency"), options, summary)
    summary.append((tr("web.field.agency"), agency.name(lang), _url(lang, {})))
    if service is None or service.agency_id != agency.id or not service.bookable_online:
        base = _upto(chosen, "service")
        options = [
            Option(s.name(lang), _url(lang, base, service=s.id))
            for s in sorted(
                catalogue.services_of(agency.id), key=lambda s: collation_key(s.name(lang), lang)
            )
            if s.bookable_online
        ]
        return Step("service", tr("web.step.service"), options, summary)
    summary.append(
        (
            tr("web.field.service"),
            service.name(lang),
            _url(lang, _upto(chosen, "service")),
        )
    )
    centre = catalogue.centres.get(chosen.get("centre", ""))
    if centre is None or service.id not in centre.service_ids:
        base = _upto(chosen, "centre")
        options = [
            Option(c.name(lang), _url(lang, base, centre=c.id), c.address(lang))
            for c in catalogue.centres_offering(service.id)
        ]
        return Step("centre", tr("web.step.centre"), options, summary)
    summary.append(
        (
            tr("web.field.centre"),
            centre.name(lang),
            _url(lang, _upto(chosen, "centre")),
        )
    )
    day = parse_day(chosen.get("date", ""))
    try:
        days = services.slots.open_days(centre.id, service.id)
    except Refusal:
        days = []
    if day is None or day not in days:
        base = _upto(chosen, "date")
        options = [
            Option(long_date(Translator(lang), d), _url(lang, base, date=d.isoformat()))
            for d in days
        ]
        return Step(
            "date",
            tr("web.step.date"),
            options,
            summary,
            tr("web.no_days"),
        )
    summary.append(
        (
            tr("web.field.date"),
            long_date(Translator(lang), day),
            _url(lang, _upto(chosen, "date")),
        )
    )
    slots = services.slots.availability(centre.id, service.id, day)
    start = parse_time(chosen.get("time", ""))
    picked = next((s for s in slots if start and s.start == start.strftime("%H:%M")), None)
    if picked is None:
        base = _upto(chosen, "time")
        options = [
            Option(
                s.start,
                _url(lang, base, time=s.start),
                tr("web.places_left", n=s.free) if s.free else tr("web.full"),
                disabled=s.free <= 0,
            )
            for s in slots
            if s.capacity > 0
        ]
        return Step(
            "time",
            tr("web.step.time"),
            options,
            summary,
            tr("web.no_days"),
        )
    summary.append((tr("web.field.time"), picked.start, _url(lang, _upto(chosen, "time"))))
    return Step("form", tr("web.step.form"), [], summary)
