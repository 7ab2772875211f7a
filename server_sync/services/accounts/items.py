""" "Mənim müraciətlərim": everything a citizen has with us, one section per source.

Each kind of item (bookings now; reception requests and agency applications in the
next issues) is a `CitizenItemSource` registered with `CitizenItems`, so the page
lists whatever sources there are without knowing them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Protocol

from sqlalchemy.engine import Engine

from server_sync.kernel.booking import BookingStatus
from server_sync.kernel.i18n import N_
from server_sync.kernel.order_codes import format_order_code
from server_sync.services.catalogue_service import CatalogueService
from server_sync.store import account_sql


@dataclass(frozen=True)
class ItemAction:
    """A thing the citizen can do with an item: a page to open (`GET`)."""

    name: str
    label_key: str
    url: str


@dataclass(frozen=True)
class CitizenItem:
    kind: str
    number: str
    title: str
    place: str
    day: date
    time: str
    status: str
    actions: tuple[ItemAction, ...] = ()


@dataclass(frozen=True)
class ItemSection:
    name: str
    title_key: str
    items: list[CitizenItem] = field(default_factory=list)


class CitizenItemSource(Protocol):
    name: str
    title_key: str

    def items(self, citizen_id: int, language: str) -> list[CitizenItem]: ...


class BookingItems:
    """The citizen's online bookings, newest visit first."""

    name = "bookings"
    title_key = N_("account.items.bookings")

    def __init__(self, engine: Engine, catalogue: CatalogueService) -> None:
        self._engine = engine
        self._catalogue = catalogue

    def items(self, citizen_id: int, language: str) -> list[CitizenItem]:
        with self._engine.connect() as conn:
            rows = account_sql.bookings_of(conn, citizen_id)
            conn.commit()
        catalogue = self._catalogue.current().catalogue
        found = []
        for row in rows:
            service = catalogue.services.get(row.service_id)
            centre = catalogue.centres.get(row.centre_id)
            base = f"/account/bookings/{row.order_code}?lang={language}"
            actions = [ItemAction("view", N_("account.items.view"), base)]
            if row.status == BookingStatus.BOOKED.value:
                cancel = f"/account/bookings/{row.order_code}/cancel?lang={language}"
                actions.append(ItemAction("cancel", N_("web.cancel_booking"), cancel))
            found.append(
                CitizenItem(
                    "booking",
                    format_order_code(row.order_code),
                    service.name(language) if service else row.service_id,
                    centre.name(language) if centre else row.centre_id,
                    row.day,
                    row.start,
                    row.status,
                    tuple(actions),
                )
            )
        return found


class CitizenItems:
    def __init__(self, sources: Sequence[CitizenItemSource]) -> None:
        self._sources = list(sources)

    def register(self, source: CitizenItemSource) -> None:
        self._sources.append(source)

    def sections(self, citizen_id: int, language: str) -> list[ItemSection]:
        return [
            ItemSection(s.name, s.title_key, s.items(citizen_id, language)) for s in self._sources
        ]
