"""The reception API (seed 002): officials and their next reception dates (public),
and a signed-in citizen's requests (bearer token of `POST /api/v1/sessions`)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel, ConfigDict, Field

from server_sync.api.deps import Services, get_services
from server_sync.api.routes_accounts import Me, _errors
from server_sync.domain.receptions import COMMENT_MAX, NOTE_MAX, PRIVILEGES, RequestForm
from server_sync.services.errors import refuse
from server_sync.services.receptions import HistoryQuery, RequestView

router = APIRouter(prefix="/api/v1/receptions", tags=["receptions"])
Svc = Annotated[Services, Depends(get_services)]


class OfficialPublic(BaseModel):
    id: str
    organisation: str
    position: str
    full_name: str
    reception_days: str = Field(description="the seed's own phrasing (Azerbaijani)")
    reception_hours: str = Field(
        description="the seed's own phrasing: from a time, or all working hours"
    )
    weekdays: list[int] = Field(description="0 = Monday")
    centre_id: str
    capacity: int = Field(description="requests per reception day")


class SkippedPublic(BaseModel):
    date: date
    reason: str = Field(description='"holiday" or "full"')


class DatesPublic(BaseModel):
    dates: list[date] = Field(description="the next 4 reception dates with a free place")
    skipped: list[SkippedPublic]


class RequestCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    official_id: str = Field(max_length=64)
    date: str = Field(max_length=10, description="one of the offered dates, YYYY-MM-DD")
    topic: str = Field(max_length=32)
    social_status: str = Field(max_length=32)
    privilege: str = Field("none", max_length=32, description=f"one of {', '.join(PRIVILEGES)}")
    email: str = Field(max_length=254)
    phone: str = Field(max_length=32)
    workplace: str = Field(max_length=200)
    same_address: bool = True
    current_address: str = Field("", max_length=200)
    note: str = Field("", max_length=NOTE_MAX)
    language: str = Field("az", pattern="^(az|ru|en)$")


class CommentCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    comment: str = Field(max_length=COMMENT_MAX)


class WithdrawalCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    reason: str = Field("", max_length=COMMENT_MAX)


class EventPublic(BaseModel):
    kind: str
    at: datetime
    date: date | None
    comment: str


class RequestPublic(BaseModel):
    number: str
    official_id: str
    date: date
    start: str
    status: str
    order_code: str = Field(description="the notice's barcode; the kiosk checks it in")
    created_at: datetime
    events: list[EventPublic]


def _public(view: RequestView) -> RequestPublic:
    return RequestPublic(
        number=view.number,
        official_id=view.official_id,
        date=view.day,
        start=view.start,
        status=view.status,
        order_code=view.order_code,
        created_at=view.created_at,
        events=[
            EventPublic(kind=e.kind, at=e.at, date=e.day, comment=e.comment) for e in view.events
        ],
    )


@router.get("/officials", response_model=list[OfficialPublic])
def officials(
    services: Svc, language: Annotated[str, Query(pattern="^(az|ru|en)$")] = "az"
) -> list[OfficialPublic]:
    """The officials who receive citizens, with their weekly reception days and hours."""
    return [
        OfficialPublic(
            id=o.id,
            organisation=o.organisation_in(language),
            position=o.position_in(language),
            full_name=o.full_name,
            reception_days=o.days,
            reception_hours=o.hours,
            weekdays=sorted(o.rule.weekdays),
            centre_id=o.centre_id,
            capacity=o.capacity,
        )
        for o in services.receptions.officials.all()
    ]


@router.get("/officials/{official_id}/dates", response_model=DatesPublic, responses=_errors(404))
def dates(official_id: str, services: Svc) -> DatesPublic:
    """The next 4 reception dates with a free place; holidays and full days skipped."""
    official = services.receptions.officials.get(official_id)
    if official is None:
        raise refuse(404, "official", "unknown_official")
    choices = services.receptions.requests.dates(official)
    return DatesPublic(
        dates=choices.offered,
        skipped=[SkippedPublic(date=d, reason=r.value) for d, r in choices.skipped],
    )


@router.post("", status_code=201, response_model=RequestPublic, responses=_errors(401, 409, 422))
def create(body: RequestCreate, me: Me, services: Svc) -> RequestPublic:
    """Send a reception request (identity from the account); e-mail and SMS follow."""
    form = RequestForm(
        body.official_id,
        body.date,
        body.topic,
        body.social_status,
        body.privilege,
        body.email,
        body.phone,
        body.workplace,
        body.same_address,
        body.current_address,
        body.note,
    )
    view = services.receptions.requests.submit(me.citizen_id, form, body.language)
    services.jobs.wake()
    return _public(view)


@router.get("", response_model=list[RequestPublic], responses=_errors(401, 422))
def history(
    me: Me,
    services: Svc,
    on: Annotated[
        str, Query(max_length=40, description='a date in any usual writing: "8.4.2015"')
    ] = "",
    official_id: Annotated[str, Query(max_length=64)] = "",
    status: Annotated[str, Query(pattern="^(|sent|accepted|moved|closed)$")] = "",
) -> list[RequestPublic]:
    """The citizen's requests (Tarixçə), newest first, searched by date, official, status."""
    from server_sync.domain.loose_dates import parse_loose_date

    day = parse_loose_date(on) if on.strip() else None
    if on.strip() and day is None:
        raise refuse(422, "on", "date_format")
    query = HistoryQuery(day, official_id or None, status or None)
    return [_public(v) for v in services.receptions.requests.history(me.citizen_id, query)]


@router.get("/{number}", response_model=RequestPublic, responses=_errors(401, 404))
def one(number: str, me: Me, services: Svc) -> RequestPublic:
    view = services.receptions.requests.own(me.citizen_id, number)
    if view is None:
        raise refuse(404, "number", "not_found")
    return _public(view)


@router.post(
    "/{number}/comments",
    status_code=201,
    response_model=RequestPublic,
    responses=_errors(401, 404, 422),
)
def comment(number: str, body: CommentCreate, me: Me, services: Svc) -> RequestPublic:
    """Add the citizen's comment (at most 1000 characters) to the request's history."""
    return _public(services.receptions.requests.comment(me.citizen_id, number, body.comment))


@router.post(
    "/{number}/withdrawal",
    response_model=RequestPublic,
    responses=_errors(401, 404, 409, 422),
)
def withdraw(number: str, body: WithdrawalCreate, me: Me, services: Svc) -> RequestPublic:
    """Take an open request back, with an optional reason: it is closed and its
    reception place freed (409 when it is closed already)."""
    return _public(services.receptions.requests.withdraw(me.citizen_id, number, body.reason))
