"""The devices table: the last known state of each kiosk, display and printer."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, select

from kiosk_app.store.dialects import upsert
from kiosk_app.store.tables import devices


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


def upsert_device(
    conn: Connection,
    *,
    device_id: str,
    kind: str,
    version: str,
    last_seen: datetime,
    printer_state: str | None,
    paper: str | None,
    cover_open: bool | None,
    alert: str | None,
    details: dict[str, Any],
) -> None:
    """Insert or replace one device's row (inside the caller's transaction)."""
    values: dict[str, Any] = {
        "device_id": device_id,
        "kind": kind,
        "version": version[:32],
        "last_seen": last_seen,
        "printer_state": printer_state,
        "paper": paper,
        "cover_open": cover_open,
        "alert": alert,
        "details": details,
    }
    ins = upsert(conn.dialect.name, devices).values(values)
    changed = {k: getattr(ins.excluded, k) for k in values if k != "device_id"}
    conn.execute(ins.on_conflict_do_update(index_elements=[devices.c.device_id], set_=changed))


def list_devices(conn: Connection) -> list[DeviceStatus]:
    """Every device, by kind then id."""
    rows = conn.execute(select(devices).order_by(devices.c.kind, devices.c.device_id))
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
