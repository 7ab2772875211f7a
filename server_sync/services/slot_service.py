"""Free places per slot: the pure capacity plan minus the places taken."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.engine import Engine

from server_sync.config import BookingSettings
from server_sync.domain.slots import (
    SlotOffer,
    bookable_days,
    capacity_rule,
    date_problem,
    service_resource_key,
    slots_on,
)
from server_sync.domain.validation import FieldProblem
from server_sync.kernel.catalogue import Centre, Service
from server_sync.kernel.clock import BAKU, Clock
from server_sync.services.catalogue_service import CatalogueService
from server_sync.services.errors import Refusal
from server_sync.store import repositories as repo


@dataclass(frozen=True)
class SlotAvailability:
    start: str
    end: str
    capacity: int
    free: int


class SlotService:
    def __init__(
        self, engine: Engine, catalogue: CatalogueService, booking: BookingSettings, clock: Clock
    ) -> None:
        self._engine = engine
        self._catalogue = catalogue
        self._booking = booking
        self._clock = clock
        self._plans: dict[tuple[int, str, str, date], list[SlotOffer]] = {}

    def today(self) -> date:
        return self._clock.now().astimezone(BAKU).date()

    def offers(self, centre: Centre, service: Service, day: date) -> list[SlotOffer]:
        """The capacity plan of a day (before bookings), cached per catalogue version."""
        view = self._catalogue.current()
        key = (view.version, centre.id, service.id, day)
        cached = self._plans.get(key)
        if cached is None:
            rule = capacity_rule(
                view.catalogue, centre, service, self._booking.slot_minutes, view.rules
            )
            cached = slots_on(centre, rule, day)
            if len(self._plans) > 20_000:
                self._plans.clear()
            self._plans[key] = cached
        return cached

    def resolve(self, centre_id: str, service_id: str) -> tuple[Centre, Service]:
        catalogue = self._catalogue.current().catalogue
        problems = []
        service = catalogue.services.get(service_id)
        centre = catalogue.centres.get(centre_id)
        if service is None:
            problems.append(FieldProblem("service", "unknown_service"))
        if centre is None:
            problems.append(FieldProblem("centre", "unknown_centre"))
        if problems or centre is None or service is None:
            raise Refusal(404, problems)
        if service.id not in centre.service_ids:
            raise Refusal(422, [FieldProblem("centre", "service_not_offered")])
        if not service.bookable_online:
            raise Refusal(422, [FieldProblem("service", "service_not_online")])
        return centre, service

    def availability(self, centre_id: str, service_id: str, day: date) -> list[SlotAvailability]:
        """Every slot of the day with its free places; refusals for bad choices."""
        centre, service = self.resolve(centre_id, service_id)
        reason = date_problem(
            self.today(), day, self._booking.min_days_ahead, self._booking.horizon_days
        )
        if reason:
            raise Refusal(422, [FieldProblem("date", reason)])
        offers = self.offers(centre, service, day)
        with self._engine.connect() as conn:
            taken = repo.taken_places(conn, service_resource_key(centre.id, service.id), day)
            conn.commit()
        return [
            SlotAvailability(
                o.start.strftime("%H:%M"),
                o.end.strftime("%H:%M"),
                o.capacity,
                max(0, o.capacity - taken.get(o.start.strftime("%H:%M"), 0)),
            )
            for o in offers
        ]

    def open_days(self, centre_id: str, service_id: str) -> list[date]:
        """The days within the booking window on which the centre has slots."""
        centre, service = self.resolve(centre_id, service_id)
        days = bookable_days(self.today(), self._booking.min_days_ahead, self._booking.horizon_days)
        return [d for d in days if any(o.capacity > 0 for o in self.offers(centre, service, d))]
