"""Tickets in the centre store, and the race-free allocation of their numbers.

A number comes from one atomic statement on `ticket_sequences`:
`INSERT … ON CONFLICT DO UPDATE SET last = last + 1 RETURNING last`. On
PostgreSQL the row lock serialises concurrent issuers; on SQLite the whole
write transaction holds the database's write lock (BEGIN IMMEDIATE). The ticket
row is inserted in the same transaction, so a crash either keeps both or
neither: a number is never handed out twice, and never skipped by a rollback.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, cast

from sqlalchemy import Connection, Row, Table, and_, bindparam, func, insert, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite

from kiosk_app.domain.dispatch import Waiting
from kiosk_app.domain.tickets import Ticket, TicketKind, TicketNumber, TicketStatus
from kiosk_app.store.fast_sql import RawStatement
from kiosk_app.store.models import TicketRow, TicketSequenceRow

_T = cast(Table, TicketRow.__table__)
_SEQ = cast(Table, TicketSequenceRow.__table__)


@dataclass(frozen=True)
class NewTicket:
    centre_id: str
    service_id: str
    letter: str
    day: date
    kind: TicketKind
    issued_at: datetime
    call_time: datetime
    slot_at: datetime | None = None
    booking_code: str | None = None
    request_id: str | None = None
    device_id: str | None = None
    language: str = "az"
    priority_category: str | None = None


def _allocate_statement(dialect: str) -> Any:
    """`INSERT … ON CONFLICT DO UPDATE … RETURNING last`, built once per dialect so
    the hot path only binds parameters (statement building costs more than SQLite)."""
    ins = postgresql.insert(_SEQ) if dialect == "postgresql" else sqlite.insert(_SEQ)
    return (
        ins.values(
            centre_id=bindparam("centre_id"),
            day=bindparam("day"),
            letter=bindparam("letter"),
            last=1,
        )
        .on_conflict_do_update(
            index_elements=[_SEQ.c.centre_id, _SEQ.c.day, _SEQ.c.letter],
            set_={"last": _SEQ.c.last + 1},
        )
        .returning(_SEQ.c.last)
    )


_ALLOCATE = {d: _allocate_statement(d) for d in ("postgresql", "sqlite")}
_TICKET_COLUMNS = (
    "centre_id",
    "day",
    "letter",
    "sequence",
    "service_id",
    "kind",
    "status",
    "issued_at",
    "call_time",
    "slot_at",
    "booking_code",
    "request_id",
    "device_id",
    "language",
    "priority_category",
)
_INSERT_TICKET = (
    insert(_T)
    .values({c: bindparam(c, type_=_T.c[c].type) for c in _TICKET_COLUMNS})
    .returning(_T.c.id)
)
_SQLITE = sqlite.dialect()
_RAW_ALLOCATE = RawStatement(_ALLOCATE["sqlite"], _SQLITE)
_RAW_INSERT_TICKET = RawStatement(_INSERT_TICKET, _SQLITE)


def allocate_number(conn: Connection, centre_id: str, day: date, letter: str) -> int:
    """The next sequence for this centre, day and letter (inside the caller's transaction)."""
    params = {"centre_id": centre_id, "day": day, "letter": letter}
    if conn.dialect.name == "sqlite":
        return int(_RAW_ALLOCATE.execute(conn, params).fetchone()[0])
    return int(conn.execute(_ALLOCATE[conn.dialect.name], params).scalar_one())


def insert_ticket(conn: Connection, new: NewTicket) -> Ticket:
    """Allocate a number and store the ticket; returns it with its id."""
    sequence = allocate_number(conn, new.centre_id, new.day, new.letter)
    values = {
        "centre_id": new.centre_id,
        "day": new.day,
        "letter": new.letter,
        "sequence": sequence,
        "service_id": new.service_id,
        "kind": new.kind.value,
        "status": TicketStatus.WAITING.value,
        "issued_at": new.issued_at,
        "call_time": new.call_time,
        "slot_at": new.slot_at,
        "booking_code": new.booking_code,
        "request_id": new.request_id,
        "device_id": new.device_id,
        "language": new.language,
        "priority_category": new.priority_category,
    }
    if conn.dialect.name == "sqlite":
        ticket_id = _RAW_INSERT_TICKET.execute(conn, values).fetchone()[0]
    else:
        ticket_id = conn.execute(_INSERT_TICKET, values).scalar_one()
    return ticket_from_row(
        {
            **values,
            "id": ticket_id,
            "counter": None,
            "called_at": None,
            "served_at": None,
            "finished_at": None,
        }
    )


def ticket_from_row(row: Row[Any] | dict[str, Any]) -> Ticket:
    r = row if isinstance(row, dict) else row._mapping
    return Ticket(
        id=r["id"],
        centre_id=r["centre_id"],
        service_id=r["service_id"],
        number=TicketNumber(r["letter"], r["sequence"]),
        day=r["day"],
        kind=TicketKind(r["kind"]),
        status=TicketStatus(r["status"]),
        issued_at=r["issued_at"],
        booking_code=r["booking_code"],
        slot_at=r["slot_at"],
        priority_category=r["priority_category"],
        counter=r["counter"],
        called_at=r["called_at"],
        served_at=r["served_at"],
        finished_at=r["finished_at"],
        call_time=r["call_time"],
    )


def get_ticket(conn: Connection, ticket_id: int) -> Ticket | None:
    row = conn.execute(select(_T).where(_T.c.id == ticket_id)).first()
    return None if row is None else ticket_from_row(row)


def find_by_request(conn: Connection, request_id: str) -> Ticket | None:
    row = conn.execute(select(_T).where(_T.c.request_id == request_id)).first()
    return None if row is None else ticket_from_row(row)


def find_by_booking(conn: Connection, booking_code: str) -> Ticket | None:
    row = conn.execute(select(_T).where(_T.c.booking_code == booking_code)).first()
    return None if row is None else ticket_from_row(row)


def waiting_tickets(conn: Connection, centre_id: str, day: date) -> list[Waiting]:
    rows = conn.execute(
        select(_T.c.id, _T.c.service_id, _T.c.call_time).where(
            _T.c.centre_id == centre_id,
            _T.c.day == day,
            _T.c.status == TicketStatus.WAITING.value,
        )
    )
    return [Waiting(r.id, r.service_id, r.call_time) for r in rows]


_P = bindparam
_SAME_QUEUE = and_(
    _T.c.centre_id == _P("centre_id"),
    _T.c.day == _P("day"),
    _T.c.service_id == _P("service_id"),
    _T.c.status == _P("status"),
)
_COUNT_WAITING = select(func.count()).where(_SAME_QUEUE)
_COUNT_AHEAD = select(func.count()).where(
    _SAME_QUEUE,
    or_(
        _T.c.call_time < _P("call_time"),
        and_(_T.c.call_time == _P("call_time"), _T.c.id < _P("ticket_id")),
    ),
)
_RECENT_SERVED = (
    select(_T.c.served_at, _T.c.finished_at)
    .where(_SAME_QUEUE, _T.c.served_at.is_not(None), _T.c.finished_at.is_not(None))
    .order_by(_T.c.finished_at.desc())
    .limit(_P("limit"))
)


def count_ahead(conn: Connection, ticket: Ticket) -> int:
    """Waiting tickets of the same service that will be called before this one
    (the same order as `dispatch.order_key`), counted by the database."""
    params = {
        "centre_id": ticket.centre_id,
        "day": ticket.day,
        "service_id": ticket.service_id,
        "status": TicketStatus.WAITING.value,
        "call_time": ticket.call_time or ticket.issued_at,
        "ticket_id": ticket.id,
    }
    return int(conn.execute(_COUNT_AHEAD, params).scalar_one())


def count_waiting(conn: Connection, centre_id: str, day: date, service_id: str) -> int:
    params = {
        "centre_id": centre_id,
        "day": day,
        "service_id": service_id,
        "status": TicketStatus.WAITING.value,
    }
    return int(conn.execute(_COUNT_WAITING, params).scalar_one())


def mark_printed(conn: Connection, ticket_id: int, at: datetime) -> None:
    conn.execute(update(_T).where(_T.c.id == ticket_id).values(printed_at=at))


def recent_service_minutes(
    conn: Connection, centre_id: str, day: date, service_id: str, limit: int = 20
) -> list[float]:
    """Durations of the last finished services, oldest first (for estimates)."""
    params = {
        "centre_id": centre_id,
        "day": day,
        "service_id": service_id,
        "status": TicketStatus.SERVED.value,
        "limit": limit,
    }
    rows = conn.execute(_RECENT_SERVED, params).all()
    return [(r.finished_at - r.served_at).total_seconds() / 60 for r in reversed(rows)]
