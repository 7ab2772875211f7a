"""Reads for the management screen and the reports (no writes)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import cast

from sqlalchemy import Connection, Table, func, select

from kiosk_app.domain.figures import TicketFacts
from kiosk_app.domain.report import ReportRow
from kiosk_app.domain.tickets import TicketStatus
from kiosk_app.store.models import DeviceRow, TicketRow

_T = cast(Table, TicketRow.__table__)
_D = cast(Table, DeviceRow.__table__)


@dataclass(frozen=True)
class QueueLine:
    """One service's queue now."""

    service_id: str
    waiting: int
    oldest_issued_at: datetime | None


@dataclass(frozen=True)
class DeviceStatus:
    device_id: str
    kind: str
    version: str
    last_seen: datetime
    printer_state: str | None
    paper: str | None
    cover_open: bool | None
    alert: str | None


def ticket_facts(conn: Connection, centre_id: str, first: date, last: date) -> list[TicketFacts]:
    rows = conn.execute(
        select(
            _T.c.service_id,
            _T.c.status,
            _T.c.issued_at,
            _T.c.slot_at,
            _T.c.called_at,
            _T.c.served_at,
            _T.c.finished_at,
        ).where(_T.c.centre_id == centre_id, _T.c.day >= first, _T.c.day <= last)
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
        select(_T)
        .where(_T.c.centre_id == centre_id, _T.c.day >= first, _T.c.day <= last)
        .order_by(_T.c.day, _T.c.issued_at, _T.c.id)
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


def queue_lines(conn: Connection, centre_id: str, day: date) -> list[QueueLine]:
    rows = conn.execute(
        select(_T.c.service_id, func.count(), func.min(_T.c.issued_at))
        .where(
            _T.c.centre_id == centre_id,
            _T.c.day == day,
            _T.c.status == TicketStatus.WAITING.value,
        )
        .group_by(_T.c.service_id)
    )
    return [QueueLine(sid, int(n), oldest) for sid, n, oldest in rows]


def devices(conn: Connection) -> list[DeviceStatus]:
    rows = conn.execute(select(_D).order_by(_D.c.kind, _D.c.device_id))
    return [
        DeviceStatus(
            r.device_id,
            r.kind,
            r.version,
            r.last_seen,
            r.printer_state,
            r.paper,
            r.cover_open,
            r.alert,
        )
        for r in rows
    ]


def ticket_numbers(conn: Connection, ids: list[int]) -> dict[int, str]:
    rows = conn.execute(select(_T.c.id, _T.c.letter, _T.c.sequence).where(_T.c.id.in_(ids)))
    return {r.id: f"{r.letter}{r.sequence:03d}" for r in rows}
