"""Reception requests as the services see them (`RequestView`, its `Event`s, the
seed's request numbers) and the statements that write and read them."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa

from server_sync.domain.receptions import CheckedRequest, EventKind, RequestStatus
from server_sync.kernel.booking import BookingStatus
from server_sync.services.accounts.profile import CitizenProfile
from server_sync.services.receptions.officials import Official
from server_sync.store.change_feed import take_numbers
from server_sync.store.reception_tables import reception_events, reception_requests
from server_sync.store.tables import bookings

NUMBER_BASE = 100_000_000  # the seed's request numbers look like 100000061


def request_number(request_id: int) -> str:
    return str(NUMBER_BASE + request_id)


def request_id_of(number: str) -> int | None:
    digits = number.strip()
    if not digits.isdigit() or len(digits) > 12:
        return None
    value = int(digits) - NUMBER_BASE
    return value if value > 0 else None


@dataclass(frozen=True)
class Event:
    kind: str
    at: datetime
    actor: str
    day: date | None
    comment: str


@dataclass(frozen=True)
class RequestView:
    id: int
    number: str
    official_id: str
    citizen_id: int | None
    day: date
    start: str
    status: str
    language: str
    topic: str
    social_status: str
    privilege: str
    email: str
    phone: str
    workplace: str
    current_address: str | None
    note: str
    first_name: str
    last_name: str
    father_name: str
    birth_date: date | None
    id_document: str
    registered_address: str
    created_at: datetime
    order_code: str
    booking_status: str
    events: list[Event] = field(default_factory=list)

    @property
    def full_name(self) -> str:
        return f"{self.last_name} {self.first_name} {self.father_name}".strip()


# --- statements ------------------------------------------------------------------------


def local_day(moment: datetime) -> date:
    from server_sync.kernel.clock import BAKU

    return moment.astimezone(BAKU).date()


def insert_booking(
    conn: sa.Connection,
    code: str,
    official: Official,
    checked: CheckedRequest,
    start: str,
    profile: CitizenProfile,
    language: str,
    now: datetime,
) -> int:
    (change_seq,) = take_numbers(conn, 1)
    extra = {"reception": official.id, "privilege": checked.privilege}
    return int(
        conn.execute(
            bookings.insert()
            .values(
                order_code=code,
                resource=official.resource,
                centre_id=official.centre_id,
                service_id=official.service_id,
                day=checked.day,
                start=start,
                status=BookingStatus.BOOKED.value,
                language=language,
                first_name=profile.first_name,
                last_name=profile.last_name,
                father_name=profile.father_name,
                id_document=profile.id_document,
                phone=checked.phone,
                email=checked.email,
                extra=json.dumps(extra),
                created_at=now,
                updated_at=now,
                change_seq=change_seq,
                # not `citizen_id`: the request, not its booking, is the citizen's item
            )
            .returning(bookings.c.id)
        ).scalar_one()
    )


def insert_request(
    conn: sa.Connection,
    citizen_id: int,
    official: Official,
    checked: CheckedRequest,
    start: str,
    profile: CitizenProfile,
    booking_id: int,
    language: str,
    now: datetime,
) -> int:
    return int(
        conn.execute(
            reception_requests.insert()
            .values(
                citizen_id=citizen_id,
                official_id=official.id,
                booking_id=booking_id,
                day=checked.day,
                start=start,
                status=RequestStatus.SENT.value,
                language=language,
                topic=checked.topic,
                social_status=checked.social_status,
                privilege=checked.privilege,
                email=checked.email,
                phone=checked.phone,
                workplace=checked.workplace,
                current_address=checked.current_address,
                note=checked.note,
                first_name=profile.first_name,
                last_name=profile.last_name,
                father_name=profile.father_name,
                birth_date=profile.birth_date,
                id_document=profile.id_document,
                registered_address=profile.address,
                created_at=now,
                updated_at=now,
            )
            .returning(reception_requests.c.id)
        ).scalar_one()
    )


def add_event(
    conn: sa.Connection,
    request_id: int,
    kind: EventKind,
    at: datetime,
    actor: str,
    day: date | None,
    comment: str = "",
) -> None:
    conn.execute(
        reception_events.insert().values(
            request_id=request_id, kind=kind.value, at=at, actor=actor, day=day, comment=comment
        )
    )


def _select() -> sa.Select[Any]:
    r, b = reception_requests, bookings
    return sa.select(r, b.c.order_code, b.c.status.label("booking_status")).join(
        b, b.c.id == r.c.booking_id
    )


def load_many(conn: sa.Connection, where: sa.ColumnElement[bool]) -> list[RequestView]:
    """The requests matching `where`, newest first, without their events (one query)."""
    rows = conn.execute(_select().where(where).order_by(reception_requests.c.id.desc()))
    return [_view(row, []) for row in rows]


def load_request(conn: sa.Connection, request_id: int, events: bool = True) -> RequestView:
    row = conn.execute(_select().where(reception_requests.c.id == request_id)).one()
    found: list[Event] = []
    if events:
        e = reception_events.c
        found = [
            Event(x.kind, x.at, x.actor, x.day, x.comment)
            for x in conn.execute(
                sa.select(reception_events).where(e.request_id == request_id).order_by(e.id)
            )
        ]
    return _view(row, found)


def _view(row: Any, found: list[Event]) -> RequestView:
    return RequestView(
        row.id,
        request_number(row.id),
        row.official_id,
        row.citizen_id,
        row.day,
        row.start,
        row.status,
        row.language,
        row.topic,
        row.social_status,
        row.privilege,
        row.email,
        row.phone,
        row.workplace,
        row.current_address,
        row.note,
        row.first_name,
        row.last_name,
        row.father_name,
        row.birth_date,
        row.id_document,
        row.registered_address,
        row.created_at,
        row.order_code,
        row.booking_status,
        found,
    )
