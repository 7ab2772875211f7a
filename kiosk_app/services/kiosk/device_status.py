"""This kiosk's row in the devices table, and "printer_status" events when it changes.

The management screen reads the row (with its alert text for staff); the sync
agent sends the events and the heartbeat to IT.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Engine, Table
from sqlalchemy.dialects import postgresql, sqlite

from kiosk_app.store.engine import write_tx
from kiosk_app.store.models import DeviceRow
from kiosk_app.store.outbox import record_event

_T = cast(Table, DeviceRow.__table__)


@dataclass(frozen=True)
class DeviceReport:
    device_id: str
    version: str
    printer_state: str  # online / offline / unknown
    paper: str  # ok / near_end / out / unknown
    cover_open: bool | None
    alert: str | None  # for staff, English; None when all is well
    state: str  # the kiosk's PrinterState
    error: str | None = None

    def differs(self, other: DeviceReport) -> bool:
        """A change staff should hear about (the error code alone is not one)."""
        keys = ("printer_state", "paper", "cover_open", "alert", "state")
        return any(getattr(self, k) != getattr(other, k) for k in keys)


def record_device(engine: Engine, report: DeviceReport, at: datetime, *, event: bool) -> None:
    """Upsert the kiosk's row; with `event`, queue a "printer_status" outbox event."""
    values: dict[str, Any] = {
        "device_id": report.device_id,
        "kind": "kiosk",
        "version": report.version[:32],
        "last_seen": at,
        "printer_state": report.printer_state,
        "paper": report.paper,
        "cover_open": report.cover_open,
        "alert": report.alert,
        "details": {"printer": report.state, "error": report.error},
    }
    with write_tx(engine) as conn:
        dialect = conn.dialect.name
        ins = (postgresql.insert(_T) if dialect == "postgresql" else sqlite.insert(_T)).values(
            values
        )
        update = {k: getattr(ins.excluded, k) for k in values if k != "device_id"}
        conn.execute(ins.on_conflict_do_update(index_elements=[_T.c.device_id], set_=update))
        if event:
            record_event(
                conn,
                "printer_status",
                {
                    "device_id": report.device_id,
                    "printer_state": report.printer_state,
                    "paper": report.paper,
                    "cover_open": report.cover_open,
                },
                at,
            )
