"""What IT sees of every centre: last heartbeat, staleness, devices and alerts,
outbox backlog, queue length, config pushes applied, conflicts."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from server_sync.kernel.device_words import printer_fault
from server_sync.store import repositories as repo
from server_sync.store.sync_models import (
    config_applied,
    config_pushes,
    sync_centres,
    sync_conflicts,
    sync_tokens,
)


@dataclass(frozen=True)
class CentreStatus:
    centre_id: str
    name: str
    last_heartbeat_at: datetime | None
    stale: bool  # set up (a token or a heartbeat) but silent for too long
    agent_version: str
    clock_skew_s: float | None
    last_pull_at: datetime | None
    outbox_backlog: int | None
    queue_length: int | None
    config_cursor: int
    pending_pushes: int
    conflicts: int
    events_received: int
    has_token: bool
    devices: list[dict[str, Any]] = field(default_factory=list)
    alerts: list[Alert] = field(default_factory=list)
    parked_events: int = 0  # outbox events central refused, set aside at the centre
    parked: list[dict[str, Any]] = field(default_factory=list)  # the oldest of them

    @property
    def connected(self) -> bool:
        """Set up for sync: it has a live token or has reported at least once."""
        return self.has_token or self.last_heartbeat_at is not None


@dataclass(frozen=True)
class PushStatus:
    id: int
    kind: str
    target: str
    note: str
    created_at: datetime
    applied: dict[str, datetime]  # centre → when it applied
    waiting: list[str]  # targeted centres not yet applied


@dataclass(frozen=True)
class Alert:
    """Something wrong with one device: `code` is its one printer fault (paper_out,
    cover_open, printer_offline, paper_low: `kernel.device_words.printer_fault`) or
    silent (detail: since when); or with the centre's sync (device `sync`):
    parked_events (detail: how many). The page puts the code in its own language; the
    device's own alert text (English, for logs) is not shown."""

    device_id: str
    code: str
    detail: str = ""
    state: str = ""

    def __str__(self) -> str:
        words = self.code.replace("_", " ")
        if self.code == "silent":
            words = f"silent since {self.detail}"
        if self.code == "parked_events":
            words = f"{self.detail} events parked (asan-queue parked list)"
        return f"{self.device_id}: {words}"


def device_alerts(devices: list[dict[str, Any]], now: datetime, stale_after_s: int) -> list[Alert]:
    """What IT should look at, device by device."""
    alerts = []
    for d in devices:
        name = str(d.get("device_id", "?"))
        fault = printer_fault(d.get("printer_state"), d.get("paper"), d.get("cover_open"))
        if fault is not None:
            alerts.append(Alert(name, fault))
        if d.get("alert") == "code_guessing":  # many unknown order codes at this kiosk
            alerts.append(Alert(name, "code_guessing"))
        seen = d.get("last_seen")
        if seen and now - datetime.fromisoformat(seen) > timedelta(seconds=stale_after_s * 5):
            alerts.append(Alert(name, "silent", seen[:16].replace("T", " ")))
    return alerts


def centre_names(engine: Engine) -> dict[str, str]:
    with engine.connect() as conn:
        version = repo.latest_catalogue_version(conn)
        document = repo.load_catalogue_document(conn, version) if version else {}
        conn.commit()
    return {
        str(c["id"]): str(c.get("name", {}).get("az", c["id"])) for c in document.get("centres", [])
    }


def overview(engine: Engine, now: datetime, stale_after_s: int) -> list[CentreStatus]:
    """Every centre known to the catalogue, a token or a heartbeat, sorted by id."""
    names = centre_names(engine)
    p, a, k = config_pushes.c, config_applied.c, sync_conflicts.c
    with engine.connect() as conn:
        rows = {r.centre_id: r for r in conn.execute(sa.select(sync_centres))}
        tokens = set(
            conn.execute(
                sa.select(sync_tokens.c.centre_id).where(sync_tokens.c.revoked_at.is_(None))
            ).scalars()
        )
        counted = conn.execute(sa.select(k.centre_id, sa.func.count()).group_by(k.centre_id))
        conflicts: dict[str, int] = {str(row[0]): int(row[1]) for row in counted}
        pushes = conn.execute(sa.select(p.id, p.target)).all()
        applied = set(conn.execute(sa.select(a.push_id, a.centre_id)).tuples())
        conn.commit()
    result = []
    for centre_id in sorted(set(names) | set(rows) | tokens):
        row = rows.get(centre_id)
        beat = row.last_heartbeat_at if row else None
        devices = json.loads(row.devices) if row else []
        parked = int(row.parked_events or 0) if row else 0
        alerts = device_alerts(devices, now, stale_after_s)
        if parked:
            alerts.append(Alert("sync", "parked_events", str(parked)))
        pending = sum(
            1
            for pid, target in pushes
            if target in (centre_id, "*") and (pid, centre_id) not in applied
        )
        result.append(
            CentreStatus(
                centre_id=centre_id,
                name=names.get(centre_id, centre_id),
                last_heartbeat_at=beat,
                stale=(row is not None or centre_id in tokens)
                and (beat is None or now - beat > timedelta(seconds=stale_after_s)),
                agent_version=(row.agent_version or "") if row else "",
                clock_skew_s=row.clock_skew_s if row else None,
                last_pull_at=row.last_pull_at if row else None,
                outbox_backlog=row.outbox_backlog if row else None,
                queue_length=row.queue_length if row else None,
                config_cursor=(row.config_cursor or 0) if row else 0,
                pending_pushes=pending,
                conflicts=int(conflicts.get(centre_id, 0)),
                events_received=int(row.events_received) if row else 0,
                has_token=centre_id in tokens,
                devices=devices,
                alerts=alerts,
                parked_events=parked,
                parked=json.loads(row.parked or "[]") if row else [],
            )
        )
    return result


def push_history(engine: Engine, centres: list[str], limit: int = 20) -> list[PushStatus]:
    """The latest config pushes, newest first, with which centres applied them."""
    p, a = config_pushes.c, config_applied.c
    with engine.connect() as conn:
        rows = conn.execute(sa.select(config_pushes).order_by(p.id.desc()).limit(limit)).all()
        ids = [r.id for r in rows]
        done: dict[int, dict[str, datetime]] = {}
        for push_id, centre_id, at in conn.execute(
            sa.select(a.push_id, a.centre_id, a.applied_at).where(a.push_id.in_(ids))
        ).tuples():
            done.setdefault(push_id, {})[centre_id] = at
        conn.commit()
    history = []
    for r in rows:
        targets = centres if r.target == "*" else [r.target]
        applied = done.get(r.id, {})
        waiting = [t for t in targets if t not in applied]
        history.append(PushStatus(r.id, r.kind, r.target, r.note, r.created_at, applied, waiting))
    return history


def recent_conflicts(engine: Engine, limit: int = 20) -> list[sa.Row[Any]]:
    k = sync_conflicts.c
    with engine.connect() as conn:
        rows = conn.execute(sa.select(sync_conflicts).order_by(k.id.desc()).limit(limit)).all()
        conn.commit()
    return list(rows)
