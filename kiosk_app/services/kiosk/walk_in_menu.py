"""What a walk-in visitor can choose now: agencies → services, with search.

Pure: built from the catalogue, the moment, and what a walk-in joining each
service now would be told (`queue_estimates.for_newcomers`, the same
computation as the printed ticket's). Only services this centre offers, open
now, that take walk-ins are listed; each carries the people ahead and the
estimated wait.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

from kiosk_app.domain.estimates import WaitEstimate
from server_sync.domain.applications import number_prefix
from server_sync.kernel.catalogue import Catalogue, Text
from server_sync.kernel.text import CollationKey, collation_key, search_key


@dataclass(frozen=True)
class ServiceEntry:
    service_id: str
    agency_id: str
    name: Text
    waiting: int
    wait_minutes: int
    key: str = field(default="", repr=False, compare=False)  # folded names, all languages
    #: The year now when the service takes agency applications (0 when it does not):
    #: the kiosk asks the walk-in for the digits after `AZERSU-2026-` (or, switched, after
    #: the year before's prefix, for an application filed before New Year).
    application_year: int = 0

    def application_prefix(self, year: int | None = None) -> str:
        """`AZERSU-2026-`, or the prefix of `year`; "" when the service takes none."""
        if not self.application_year:
            return ""
        return number_prefix(self.agency_id, year or self.application_year)


@dataclass(frozen=True)
class AgencyEntry:
    agency_id: str
    name: Text
    services: tuple[ServiceEntry, ...]


@dataclass(frozen=True)
class WalkInMenu:
    """The agencies with something to offer now, and their services."""

    agencies: tuple[AgencyEntry, ...]

    @property
    def is_empty(self) -> bool:
        return not self.agencies

    def sorted_agencies(self, language: str) -> list[AgencyEntry]:
        return sorted(self.agencies, key=lambda a: collation_key(a.name(language), language))

    def agency(self, agency_id: str) -> AgencyEntry | None:
        return next((a for a in self.agencies if a.agency_id == agency_id), None)

    def services_of(self, agency_id: str, language: str) -> list[ServiceEntry]:
        agency = self.agency(agency_id)
        if agency is None:
            return []
        return sorted(agency.services, key=lambda s: collation_key(s.name(language), language))

    def service(self, service_id: str) -> ServiceEntry | None:
        return next((s for s in self.all_services() if s.service_id == service_id), None)

    def all_services(self) -> list[ServiceEntry]:
        return [s for a in self.agencies for s in a.services]

    def search(self, query: str, language: str, limit: int = 50) -> list[ServiceEntry]:
        """Services whose name (in any language) or agency matches every word typed;
        names starting with the query come first. `seki` finds `Şəki`."""
        words = search_key(query).split()
        if not words:
            return []
        found = [s for s in self.all_services() if all(w in s.key for w in words)]
        first = search_key(query).strip()

        def rank(s: ServiceEntry) -> tuple[int, CollationKey]:
            shown = s.name(language)
            name = search_key(shown).lstrip("\"'«“ ")
            order = collation_key(shown, language)
            if name.startswith(first):
                return (0, order)
            if any(word.startswith(words[0]) for word in name.split()):
                return (1, order)
            return (2 if words[0] in name else 3, order)

        return sorted(found, key=rank)[:limit]


def walk_in_services(catalogue: Catalogue, centre_id: str) -> list[str]:
    """The services of this centre a walk-in may choose (when it is open)."""
    centre = catalogue.centres[centre_id]
    return [s for s in sorted(centre.service_ids) if catalogue.services[s].walk_in]


def build_menu(
    catalogue: Catalogue,
    centre_id: str,
    now: datetime,
    estimates: Mapping[str, WaitEstimate],
) -> WalkInMenu:
    """The menu at `now`: empty when the centre is closed. A service missing from
    `estimates` has nobody ahead."""
    centre = catalogue.centres[centre_id]
    if not centre.hours.is_open_at(now):
        return WalkInMenu(())
    by_agency: dict[str, list[ServiceEntry]] = {}
    for service_id in walk_in_services(catalogue, centre_id):
        service = catalogue.services[service_id]
        estimate = estimates.get(service_id, WaitEstimate(0, 0))
        agency = catalogue.agencies[service.agency_id]
        names = (*_all(service.name), *_all(agency.name))
        by_agency.setdefault(service.agency_id, []).append(
            ServiceEntry(
                service_id,
                service.agency_id,
                service.name,
                estimate.people_ahead,
                estimate.minutes,
                key=" | ".join(search_key(n) for n in names),
                application_year=now.year if service.form is not None else 0,
            )
        )
    return WalkInMenu(
        tuple(
            AgencyEntry(agency_id, catalogue.agencies[agency_id].name, tuple(services))
            for agency_id, services in by_agency.items()
        )
    )


def _all(text: Text) -> tuple[str, ...]:
    return tuple(t for t in (text.az, text.ru, text.en) if t)
