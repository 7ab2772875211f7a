"""Reads for the management screen and the reports (no writes)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Connection, select

from kiosk_app.domain.figures import TicketFacts
from kiosk_app.domain.report import ReportRow
from kiosk_app.domain.tickets import TicketStatus
from kiosk_app.store.tables import tickets


def ticket_facts(conn: Connection, centre_id: str, first: date, last: date) -> list[TicketFacts]:
    rows = conn.execute(
        select(
            tickets.c.service_id,
            tickets.c.status,
            tickets.c.issued_at,
            tickets.c.slot_at,
            tickets.c.called_at,
            tickets.c.served_at,
            tickets.c.finished_at,
        ).where(tickets.c.centre_id == centre_id, tickets.c.day >= first, tickets.c.day <= last)
    )
    return [
        TicketFacts(
            r.service_id,
            TicketStatus(r.status),
            r.issued_at,
            r.slot_at,
            r.called_at,
            r.served_at,
            r.finished_at,
        )
        for r in rows
    ]


def report_rows(conn: Connection, centre_id: str, first: date, last: date) -> list[ReportRow]:
    rows = conn.execute(
        select(tickets)
        .where(tickets.c.centre_id == centre_id, tickets.c.day >= first, tickets.c.day <= last)
        .order_by(tickets.c.day, tickets.c.issued_at, tickets.c.id)
    )
    return [
        ReportRow(
            r.day,
            f"{r.letter}{r.sequence:03d}",
            r.service_id,
            r.kind,
            r.status,
            r.counter,
            r.issued_at,
            r.called_at,
            r.served_at,
            r.finished_at,
            r.slot_at,
            r.priority_category,
        )
        for r in rows
    ]


def ticket_numbers(conn: Connection, ids: list[int]) -> dict[int, str]:
    rows = conn.execute(
        select(tickets.c.id, tickets.c.letter, tickets.c.sequence).where(tickets.c.id.in_(ids))
    )
    return {r.id: f"{r.letter}{r.sequence:03d}" for r in rows}
