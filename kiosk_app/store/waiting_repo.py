"""Reads of the waiting queue that cost what the queue holds, never what the day
holds: people ahead, the queue by service and counter, recent service times,
the board of tickets the status page shows.

Each query runs on an index of 0007 (`ix_tickets_waiting_order`: the waiting
tickets in call order; `ix_tickets_service_finished`: a service's finished
tickets by end time; `ix_tickets_finished`: the day by end time).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Connection, and_, bindparam, case, func, or_, select

from kiosk_app.domain.dispatch import Reach, Waiting
from kiosk_app.domain.tickets import Ticket, TicketStatus
from kiosk_app.store.tables import tickets

_WAITING = TicketStatus.WAITING.value
_ACTIVE = (TicketStatus.CALLED.value, TicketStatus.SERVING.value)
_FINISHED = (TicketStatus.SERVED.value, TicketStatus.NO_SHOW.value, TicketStatus.TRANSFERRED.value)
_t = tickets.c
_P = bindparam
_TODAY = and_(_t.centre_id == _P("centre_id"), _t.day == _P("day"))

# `dispatch.people_ahead` in SQL: waiting, an earlier place (call time, then id),
# and within the reach of the counters that would call the ticket.
_AHEAD = select(func.count()).where(
    _TODAY,
    _t.status == _WAITING,
    _t.call_time <= _P("call_time"),
    or_(_t.call_time < _P("call_time"), _t.id < _P("ticket_id")),
    or_(
        and_(_t.counter.is_(None), _t.service_id.in_(_P("services", expanding=True))),
        _t.counter.in_(_P("counters", expanding=True)),
    ),
)
_RECENT_SERVED = (
    select(_t.served_at, _t.finished_at)
    .where(
        _TODAY,
        _t.service_id == _P("service_id"),
        _t.status == TicketStatus.SERVED.value,
        _t.finished_at.is_not(None),
        _t.served_at.is_not(None),
    )
    .order_by(_t.finished_at.desc())
    .limit(_P("limit"))
)


def count_ahead(conn: Connection, ticket: Ticket, reach: Reach) -> int:
    """`dispatch.people_ahead` of a stored ticket, counted by the database."""
    params = {
        "centre_id": ticket.centre_id,
        "day": ticket.day,
        "call_time": ticket.call_time or ticket.issued_at,
        "ticket_id": ticket.id,
        "services": sorted(reach.services),
        "counters": sorted(reach.counters),
    }
    return int(conn.execute(_AHEAD, params).scalar_one())


def waiting_list(conn: Connection, centre_id: str, day: date) -> list[Waiting]:
    """Every waiting ticket of the day, as dispatch sees it."""
    rows = conn.execute(
        select(_t.id, _t.service_id, _t.call_time, _t.counter).where(_TODAY, _t.status == _WAITING),
        {"centre_id": centre_id, "day": day},
    )
    return [Waiting(r.id, r.service_id, r.call_time, r.counter) for r in rows]


@dataclass(frozen=True)
class WaitingGroup:
    """The waiting tickets of one service that are not sent to a counter, or of
    one service sent to one counter."""

    service_id: str
    counter: int | None
    waiting: int
    due: int  # of them, those whose call time has come
    oldest_issued_at: datetime


def waiting_groups(
    conn: Connection, centre_id: str, day: date, now: datetime
) -> list[WaitingGroup]:
    """The waiting queue counted by service and counter (one pass over the queue)."""
    rows = conn.execute(
        select(
            _t.service_id,
            _t.counter,
            func.count(),
            func.sum(case((_t.call_time <= _P("now", type_=_t.call_time.type), 1), else_=0)),
            func.min(_t.issued_at),
        )
        .where(_TODAY, _t.status == _WAITING)
        .group_by(_t.service_id, _t.counter),
        {"centre_id": centre_id, "day": day, "now": now},
    )
    return [WaitingGroup(s, c, int(n), int(due or 0), oldest) for s, c, n, due, oldest in rows]


def recent_service_minutes(
    conn: Connection, centre_id: str, day: date, service_id: str, limit: int = 20
) -> list[float]:
    """Durations of the service's last `limit` services of the day, oldest first."""
    params = {"centre_id": centre_id, "day": day, "service_id": service_id, "limit": limit}
    rows = conn.execute(_RECENT_SERVED, params).all()
    return [(r.finished_at - r.served_at).total_seconds() / 60 for r in reversed(rows)]


@dataclass(frozen=True)
class BoardTicket:
    id: int
    number: str
    service_id: str
    status: str
    counter: int | None


def board(
    conn: Connection, centre_id: str, day: date, finished_since: datetime
) -> list[BoardTicket]:
    """The day's waiting and called tickets and those finished since `finished_since`,
    in issue order (three index range reads, never the whole day)."""
    columns = (_t.id, _t.letter, _t.sequence, _t.service_id, _t.status, _t.counter)
    params = {"centre_id": centre_id, "day": day, "since": finished_since}
    queries = (
        select(*columns).where(_TODAY, _t.status == _WAITING),
        select(*columns).where(_TODAY, _t.status.in_(_ACTIVE)),
        select(*columns).where(
            _TODAY,
            _t.finished_at >= _P("since", type_=_t.finished_at.type),
            _t.status.in_(_FINISHED),
        ),
    )
    found = {
        r.id: BoardTicket(r.id, f"{r.letter}{r.sequence:03d}", r.service_id, r.status, r.counter)
        for query in queries
        for r in conn.execute(query, params)
    }
    return [found[i] for i in sorted(found)]
