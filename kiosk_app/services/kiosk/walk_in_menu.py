"""What a walk-in visitor can choose now: agencies → services, with search.

Pure: built from the catalogue, the moment, and how many people wait per
service (the store query lives in the kiosk backend). Only services this centre
offers, open now, that take walk-ins are listed; each carries the people
waiting and the estimated wait, computed like the ticket desk does.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from kiosk_app.domain.estimates import estimate_wait
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


def build_menu(
    catalogue: Catalogue,
    centre_id: str,
    now: datetime,
    waiting: Mapping[str, int],
    recent_minutes: Mapping[str, Sequence[float]] | None = None,
) -> WalkInMenu:
    """The menu at `now`: empty when the centre is closed."""
    centre = catalogue.centres[centre_id]
    if not centre.hours.is_open_at(now):
        return WalkInMenu(())
    recent_minutes = recent_minutes or {}
    by_agency: dict[str, list[ServiceEntry]] = {}
    for service_id in centre.service_ids:
        service = catalogue.services[service_id]
        if not service.walk_in:
            continue
        ahead = waiting.get(service_id, 0)
        estimate = estimate_wait(
            ahead,
            open_counters=len(centre.counters_for(service_id)),
            recent_minutes=recent_minutes.get(service_id, ()),
            catalogue_minutes=service.average_minutes,
        )
        agency = catalogue.agencies[service.agency_id]
        names = (*_all(service.name), *_all(agency.name))
        by_agency.setdefault(service.agency_id, []).append(
            ServiceEntry(
                service_id,
                service.agency_id,
                service.name,
                ahead,
                estimate.minutes,
                key=" | ".join(search_key(n) for n in names),
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
