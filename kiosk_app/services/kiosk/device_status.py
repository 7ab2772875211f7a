"""This kiosk's row in the devices table, and "printer_status" events when it changes.

The management screen reads the row (with its alert text for staff); the sync
agent sends the events and the heartbeat to IT.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine

from kiosk_app.store import device_repo
from kiosk_app.store.engine import write_tx
from kiosk_app.store.outbox import record_event


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
    with write_tx(engine) as conn:
        device_repo.upsert_device(
            conn,
            device_id=report.device_id,
            kind="kiosk",
            version=report.version,
            last_seen=at,
            printer_state=report.printer_state,
            paper=report.paper,
            cover_open=report.cover_open,
            alert=report.alert,
            details={"printer": report.state, "error": report.error},
        )
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
