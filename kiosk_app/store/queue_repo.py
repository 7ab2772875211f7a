"""The queue at the counters: calling, serving and closing tickets, counter
states, hall calls, and the audit trail of every staff action.

Each function works inside the caller's write transaction and writes the
change, its outbox event, its hall call and its audit row together, so a crash
keeps all or none. Calling is race-free: the chosen ticket is taken with
`UPDATE … WHERE status = 'waiting'`; if another counter took it first the
update touches no row and the next candidate is tried, so two counters never
call the same ticket (on SQLite BEGIN IMMEDIATE serialises writers anyway).
"""

from __future__ import annotations

import json
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, func, insert, or_, select, text, update

from kiosk_app.domain.announcement import HallCall
from kiosk_app.domain.counter import CounterState
from kiosk_app.domain.dispatch import Waiting, choose_next
from kiosk_app.domain.tickets import Ticket, TicketNumber, TicketStatus
from kiosk_app.store import day_stats_repo
from kiosk_app.store.audit_repo import audit
from kiosk_app.store.dialects import upsert
from kiosk_app.store.outbox import record_event
from kiosk_app.store.tables import counter_states, hall_calls, tickets
from kiosk_app.store.ticket_repo import get_ticket

CALLS_CHANNEL = "asanq_calls"


@dataclass(frozen=True)
class CounterRecord:
    number: int
    state: CounterState
    operator: str | None
    ticket_id: int | None
    updated_at: datetime | None


# --- counters ---------------------------------------------------------------


def get_counter(conn: Connection, centre_id: str, number: int) -> CounterRecord:
    row = conn.execute(
        select(counter_states).where(
            counter_states.c.centre_id == centre_id, counter_states.c.number == number
        )
    ).first()
    if row is None:
        return CounterRecord(number, CounterState.CLOSED, None, None, None)
    return CounterRecord(
        row.number, CounterState(row.state), row.operator, row.ticket_id, row.updated_at
    )


def list_counters(conn: Connection, centre_id: str) -> dict[int, CounterRecord]:
    rows = conn.execute(select(counter_states).where(counter_states.c.centre_id == centre_id))
    return {
        r.number: CounterRecord(
            r.number, CounterState(r.state), r.operator, r.ticket_id, r.updated_at
        )
        for r in rows
    }


def open_counters(conn: Connection, centre_id: str) -> frozenset[int]:
    """The numbers of the counters that are open now."""
    rows = conn.execute(
        select(counter_states.c.number).where(
            counter_states.c.centre_id == centre_id,
            counter_states.c.state == CounterState.OPEN.value,
        )
    )
    return frozenset(rows.scalars())


def set_counter(
    conn: Connection,
    centre_id: str,
    number: int,
    *,
    state: CounterState,
    operator: str | None,
    ticket_id: int | None,
    at: datetime,
) -> None:
    ins = upsert(conn.dialect.name, counter_states)
    values = {"state": state.value, "operator": operator, "ticket_id": ticket_id, "updated_at": at}
    conn.execute(
        ins.values(centre_id=centre_id, number=number, **values).on_conflict_do_update(
            index_elements=[counter_states.c.centre_id, counter_states.c.number], set_=values
        )
    )


# --- the queue --------------------------------------------------------------


def counter_queue(
    conn: Connection, centre_id: str, day: date, counter: int, services: Collection[str]
) -> list[Waiting]:
    """Waiting tickets this counter may call: its services' open queue, plus
    tickets transferred to this very counter."""
    rows = conn.execute(
        select(tickets.c.id, tickets.c.service_id, tickets.c.call_time).where(
            tickets.c.centre_id == centre_id,
            tickets.c.day == day,
            tickets.c.status == TicketStatus.WAITING.value,
            or_(
                tickets.c.counter == counter,
                tickets.c.counter.is_(None) & tickets.c.service_id.in_(list(services)),
            ),
        )
    )
    return [Waiting(r.id, r.service_id, r.call_time) for r in rows]


def _payload(ticket: Ticket, **extra: object) -> dict[str, object]:
    return {
        "ticket_id": ticket.id,
        "number": ticket.display,
        "service_id": ticket.service_id,
        "day": ticket.day.isoformat(),
        "booking_code": ticket.booking_code,
        **extra,
    }


def _event(conn: Connection, kind: str, ticket: Ticket, at: datetime, **extra: object) -> None:
    record_event(conn, kind, _payload(ticket, **extra), at, booking_code=ticket.booking_code)


def record_call(conn: Connection, ticket: Ticket, counter: int, kind: str, at: datetime) -> int:
    """Append a hall call; on PostgreSQL also NOTIFY listeners (sent at commit)."""
    call_id = conn.execute(
        insert(hall_calls)
        .values(
            centre_id=ticket.centre_id,
            day=ticket.day,
            ticket_id=ticket.id,
            number=ticket.display,
            service_id=ticket.service_id,
            counter=counter,
            kind=kind,
            at=at,
        )
        .returning(hall_calls.c.id)
    ).scalar_one()
    if conn.dialect.name == "postgresql":
        payload = json.dumps({"id": call_id, "centre": ticket.centre_id})
        conn.execute(text("SELECT pg_notify(:ch, :p)"), {"ch": CALLS_CHANNEL, "p": payload})
    return int(call_id)


def calls_after(
    conn: Connection, centre_id: str, day: date, after_id: int, limit: int = 50
) -> list[HallCall]:
    """Hall calls of the day newer than `after_id`, oldest first."""
    rows = conn.execute(
        select(hall_calls)
        .where(
            hall_calls.c.centre_id == centre_id, hall_calls.c.day == day, hall_calls.c.id > after_id
        )
        .order_by(hall_calls.c.id.desc())
        .limit(limit)
    ).all()
    return [
        HallCall(r.id, r.ticket_id, r.number, r.service_id, r.counter, r.kind, r.at)
        for r in reversed(rows)
    ]


def call_next(
    conn: Connection,
    *,
    centre_id: str,
    day: date,
    counter: int,
    services: Collection[str],
    at: datetime,
    username: str,
) -> Ticket | None:
    """Take the ticket the dispatch policy names for this counter, or None."""
    candidates = counter_queue(conn, centre_id, day, counter, services)
    while candidates:
        pick = choose_next(candidates, {c.service_id for c in candidates})
        assert pick is not None
        taken = conn.execute(
            update(tickets)
            .where(tickets.c.id == pick.ticket_id, tickets.c.status == TicketStatus.WAITING.value)
            .values(status=TicketStatus.CALLED.value, counter=counter)
        ).rowcount
        if taken == 1:
            break
        candidates.remove(pick)  # another counter was quicker; try the next one
    else:
        return None
    # The first call fixes the wait (a ticket called again after a transfer keeps it).
    first_call = conn.execute(
        update(tickets)
        .where(tickets.c.id == pick.ticket_id, tickets.c.called_at.is_(None))
        .values(called_at=at)
    ).rowcount
    ticket = get_ticket(conn, pick.ticket_id)
    assert ticket is not None
    if first_call:
        day_stats_repo.add_first_call(conn, ticket)
    set_counter(
        conn,
        centre_id,
        counter,
        state=CounterState.OPEN,
        operator=username,
        ticket_id=ticket.id,
        at=at,
    )
    _event(conn, "called", ticket, at, counter=counter)
    record_call(conn, ticket, counter, "call", at)
    audit(conn, at, username, "call_next", ticket.id, counter=counter, number=ticket.display)
    return ticket


def _move(
    conn: Connection, ticket_id: int, from_: Collection[TicketStatus], **values: Any
) -> Ticket | None:
    done = conn.execute(
        update(tickets)
        .where(tickets.c.id == ticket_id, tickets.c.status.in_([s.value for s in from_]))
        .values(**values)
    ).rowcount
    return get_ticket(conn, ticket_id) if done == 1 else None


def recall(conn: Connection, ticket: Ticket, counter: int, at: datetime, username: str) -> None:
    _event(conn, "recalled", ticket, at, counter=counter)
    record_call(conn, ticket, counter, "recall", at)
    audit(conn, at, username, "recall", ticket.id, counter=counter, number=ticket.display)


def recalls_since_call(conn: Connection, ticket_id: int) -> int:
    """How often the ticket was recalled since it was last called."""
    last_call = (
        select(func.max(hall_calls.c.id))
        .where(hall_calls.c.ticket_id == ticket_id, hall_calls.c.kind == "call")
        .scalar_subquery()
    )
    return int(
        conn.execute(
            select(func.count()).where(
                hall_calls.c.ticket_id == ticket_id,
                hall_calls.c.kind == "recall",
                hall_calls.c.id > func.coalesce(last_call, 0),
            )
        ).scalar_one()
    )


def requeue(
    conn: Connection, centre_id: str, day: date, number: TicketNumber, at: datetime, username: str
) -> Ticket | None:
    """A no-show of `day` who came back: waiting again, at the end of the line (their
    turn passed), for any counter of their service. None: no such no-show."""
    row = conn.execute(
        select(tickets.c.id).where(
            tickets.c.centre_id == centre_id,
            tickets.c.day == day,
            tickets.c.letter == number.letter,
            tickets.c.sequence == number.sequence,
        )
    ).first()
    if row is None:
        return None
    t = _move(
        conn,
        int(row.id),
        [TicketStatus.NO_SHOW],
        status=TicketStatus.WAITING.value,
        counter=None,
        call_time=at,
        finished_at=None,
    )
    if t is not None:
        day_stats_repo.undo_no_show(conn, t)
        _event(conn, "requeued", t, at)
        audit(conn, at, username, "requeue", t.id, number=t.display)
    return t


def start_service(
    conn: Connection, ticket_id: int, counter: int, at: datetime, username: str
) -> Ticket | None:
    t = _move(conn, ticket_id, [TicketStatus.CALLED], status="serving", served_at=at)
    if t is not None:
        _event(conn, "serving", t, at, counter=counter)
        audit(conn, at, username, "start", t.id, counter=counter, number=t.display)
    return t


def finish(
    conn: Connection, centre_id: str, ticket_id: int, counter: int, at: datetime, username: str
) -> Ticket | None:
    t = _move(conn, ticket_id, [TicketStatus.SERVING], status="served", finished_at=at)
    if t is not None:
        day_stats_repo.add_finished(conn, t)
        _release(conn, centre_id, counter, username, at)
        _event(conn, "served", t, at, counter=counter)
        audit(conn, at, username, "finish", t.id, counter=counter, number=t.display)
    return t


def no_show(
    conn: Connection, centre_id: str, ticket_id: int, counter: int, at: datetime, username: str
) -> Ticket | None:
    t = _move(conn, ticket_id, [TicketStatus.CALLED], status="no_show", finished_at=at)
    if t is not None:
        day_stats_repo.add_finished(conn, t)
        _release(conn, centre_id, counter, username, at)
        _event(conn, "no_show", t, at, counter=counter)
        audit(conn, at, username, "no_show", t.id, counter=counter, number=t.display)
    return t


def transfer(
    conn: Connection,
    centre_id: str,
    ticket_id: int,
    counter: int,
    at: datetime,
    username: str,
    *,
    to_service: str | None = None,
    to_counter: int | None = None,
) -> Ticket | None:
    """Back to the queue of another service or counter; its call time (its
    place) is kept, so it is called before anyone who came after it."""
    values: dict[str, Any] = {"status": "waiting", "counter": to_counter, "served_at": None}
    if to_service is not None:
        values["service_id"] = to_service
    t = _move(conn, ticket_id, [TicketStatus.CALLED, TicketStatus.SERVING], **values)
    if t is not None:
        _release(conn, centre_id, counter, username, at)
        where = {"to_service_id": to_service} if to_service else {"to_counter": to_counter}
        _event(conn, "transferred", t, at, counter=counter, **where)
        audit(conn, at, username, "transfer", t.id, counter=counter, number=t.display, **where)
    return t


def _release(conn: Connection, centre_id: str, counter: int, username: str, at: datetime) -> None:
    current = get_counter(conn, centre_id, counter)
    set_counter(
        conn, centre_id, counter, state=current.state, operator=username, ticket_id=None, at=at
    )
