"""`GET /api/v1/catalogue` and `GET /api/v1/slots`."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query

from server_sync.api.deps import Services, get_services
from server_sync.api.schemas import CataloguePublic, ErrorsPublic, SlotPublic, SlotsPublic
from server_sync.domain.booking_form import parse_day
from server_sync.services.errors import refuse

router = APIRouter(prefix="/api/v1", tags=["catalogue"])
Svc = Annotated[Services, Depends(get_services)]
_ERRORS: dict[int | str, dict[str, Any]] = {
    404: {"model": ErrorsPublic},
    422: {"model": ErrorsPublic},
}


@router.get("/catalogue", response_model=CataloguePublic)
def get_catalogue(services: Svc) -> dict[str, Any]:
    """Agencies, their services and the centres offering them (with hours)."""
    document = services.catalogue.current().catalogue.to_dict()
    document["version"] = services.catalogue.current().version
    for centre in document["centres"]:
        centre.pop("counters", None)
    return document


@router.get("/slots", response_model=SlotsPublic, responses=_ERRORS)
def get_slots(
    services: Svc,
    centre: Annotated[str, Query(max_length=64)],
    service: Annotated[str, Query(max_length=64)],
    date: Annotated[str, Query(max_length=10, description="YYYY-MM-DD")],
) -> SlotsPublic:
    """The time slots of one day with their free places."""
    day = parse_day(date)
    if day is None:
        raise refuse(422, "date", "date_format")
    slots = services.slots.availability(centre, service, day)
    return SlotsPublic(
        centre=centre,
        service=service,
        date=day,
        slots=[
            SlotPublic(time=s.start, end=s.end, capacity=s.capacity, free=s.free) for s in slots
        ],
    )
