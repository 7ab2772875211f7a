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
from functools import cache
from typing import Any

from sqlalchemy import Connection, Row, bindparam, insert, select, update
from sqlalchemy.exc import IntegrityError

from kiosk_app.domain.tickets import Ticket, TicketKind, TicketNumber, TicketStatus
from kiosk_app.store import day_stats_repo
from kiosk_app.store.dialects import sqlite_dialect, upsert
from kiosk_app.store.errors import is_duplicate
from kiosk_app.store.fast_sql import RawStatement
from kiosk_app.store.tables import ticket_sequences, tickets


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
    application_number: str | None = None


@cache
def _allocate_statement(dialect: str) -> Any:
    """`INSERT … ON CONFLICT DO UPDATE … RETURNING last`, built once per dialect so
    the hot path only binds parameters (statement building costs more than SQLite)."""
    ins = upsert(dialect, ticket_sequences)
    return (
        ins.values(
            centre_id=bindparam("centre_id"),
            day=bindparam("day"),
            letter=bindparam("letter"),
            last=1,
        )
        .on_conflict_do_update(
            index_elements=[
                ticket_sequences.c.centre_id,
                ticket_sequences.c.day,
                ticket_sequences.c.letter,
            ],
            set_={"last": ticket_sequences.c.last + 1},
        )
        .returning(ticket_sequences.c.last)
    )


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
    "application_number",
)
_INSERT_TICKET = (
    insert(tickets)
    .values({c: bindparam(c, type_=tickets.c[c].type) for c in _TICKET_COLUMNS})
    .returning(tickets.c.id)
)


@cache
def _raw(name: str) -> RawStatement:
    """The hot path's statements compiled for SQLite, once, on first use."""
    statement = _allocate_statement("sqlite") if name == "allocate" else _INSERT_TICKET
    return RawStatement(statement, sqlite_dialect())


def allocate_number(conn: Connection, centre_id: str, day: date, letter: str) -> int:
    """The next sequence for this centre, day and letter (inside the caller's transaction)."""
    params = {"centre_id": centre_id, "day": day, "letter": letter}
    if conn.dialect.name == "sqlite":
        return int(_raw("allocate").execute(conn, params).fetchone()[0])
    return int(conn.execute(_allocate_statement(conn.dialect.name), params).scalar_one())


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
        "application_number": new.application_number,
    }
    if conn.dialect.name == "sqlite":
        ticket_id = _raw("insert").execute(conn, values).fetchone()[0]
    else:
        ticket_id = conn.execute(_INSERT_TICKET, values).scalar_one()
    day_stats_repo.add_issued(conn, new.centre_id, new.day, new.service_id)
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
        application_number=r.get("application_number"),
    )


def get_ticket(conn: Connection, ticket_id: int) -> Ticket | None:
    row = conn.execute(select(tickets).where(tickets.c.id == ticket_id)).first()
    return None if row is None else ticket_from_row(row)


def find_by_request(conn: Connection, request_id: str) -> Ticket | None:
    row = conn.execute(select(tickets).where(tickets.c.request_id == request_id)).first()
    return None if row is None else ticket_from_row(row)


def is_repeated_request(exc: IntegrityError) -> bool:
    """Did an insert fail because its request id is already stored? (On SQLite a
    unique clash is not named: the caller confirms with `find_by_request`.)"""
    return is_duplicate(exc, "uq_tickets_request_id") is not False


def find_by_booking(conn: Connection, booking_code: str) -> Ticket | None:
    row = conn.execute(select(tickets).where(tickets.c.booking_code == booking_code)).first()
    return None if row is None else ticket_from_row(row)


def mark_printed(conn: Connection, ticket_id: int, at: datetime) -> None:
    conn.execute(update(tickets).where(tickets.c.id == ticket_id).values(printed_at=at))
