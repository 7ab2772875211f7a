""" "Your turn is near" at the centre: who asked for it (a walk-in's typed phone, a
booking's phone), and the centre's SMS outbox it goes through.

A request is written in the transaction that issues the ticket; when a call
leaves it close enough, its SMS is queued (once: the outbox's dedupe key is the
ticket's) and the number is emptied in the same transaction.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Connection, Table, insert, select, update

from kiosk_app.domain.tickets import TicketNumber
from kiosk_app.store.tables import bookings, sms_outbox, tickets, turn_notices
from server_sync.store.sms_sql import QueuedSms, enqueue_sms

_n = turn_notices.c


@dataclass(frozen=True)
class OpenNotice:
    ticket_id: int
    display: str
    phone: str
    language: str


def outbox_table() -> Table:
    """The centre's SMS outbox (for the SMS sender the composition root builds)."""
    return sms_outbox


def ask(
    conn: Connection,
    *,
    ticket_id: int,
    centre_id: str,
    day: date,
    phone: str,
    language: str,
    now: datetime,
) -> None:
    conn.execute(
        insert(turn_notices).values(
            ticket_id=ticket_id,
            centre_id=centre_id,
            day=day,
            phone=phone,
            language=language,
            created_at=now,
        )
    )


def booking_phone(conn: Connection, order_code: str) -> str | None:
    phone = conn.execute(
        select(bookings.c.phone).where(bookings.c.order_code == order_code)
    ).scalar()
    return str(phone) if phone else None


def open_for(conn: Connection, ticket_ids: Collection[int]) -> list[OpenNotice]:
    """The requests not yet sent among these (waiting) tickets."""
    if not ticket_ids:
        return []
    t = tickets.c
    rows = conn.execute(
        select(_n.ticket_id, _n.phone, _n.language, t.letter, t.sequence)
        .join(tickets, tickets.c.id == _n.ticket_id)
        .where(_n.ticket_id.in_(list(ticket_ids)), _n.notified_at.is_(None))
    )
    return [
        OpenNotice(
            r.ticket_id, str(TicketNumber(r.letter, r.sequence)), str(r.phone), str(r.language)
        )
        for r in rows
        if r.phone
    ]


def has_open(conn: Connection, centre_id: str, day: date) -> bool:
    """Whether any request of the day waits (most calls need not count people ahead)."""
    found = conn.execute(
        select(_n.ticket_id)
        .where(_n.centre_id == centre_id, _n.day == day, _n.notified_at.is_(None))
        .limit(1)
    ).first()
    return found is not None


def send(conn: Connection, notice: OpenNotice, sms: QueuedSms, now: datetime, secret: str) -> bool:
    """Queue the SMS and close the request (its number emptied)."""
    conn.execute(
        update(turn_notices)
        .where(_n.ticket_id == notice.ticket_id)
        .values(notified_at=now, phone=None)
    )
    return enqueue_sms(conn, sms_outbox, sms, now, secret)
