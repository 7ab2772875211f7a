"""The central side of sync: answer pulls, take pushed events (`events`),
heartbeats and lookups. Routes call this service; it owns the transactions."""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from server_sync.kernel.clock import Clock
from server_sync.services.catalogue_service import CatalogueService
from server_sync.services.errors import refuse
from server_sync.store import change_feed
from server_sync.store.sync_models import (
    config_applied,
    config_pushes,
    sync_centres,
    sync_queue,
)
from server_sync.store.tables import bookings
from server_sync.sync.protocol import (
    BookingRecord,
    CatalogueUpdate,
    Heartbeat,
    HeartbeatAck,
    PushBatch,
    PushResult,
)
from server_sync.sync_api.events import EventIntake, ResultSink, insert_ignore

log = logging.getLogger("asanq.sync")

_B = bookings.c
_PULL_COLUMNS = (
    _B.extra,
    _B.order_code,
    _B.centre_id,
    _B.service_id,
    _B.day,
    _B.start,
    _B.status,
    _B.language,
    _B.first_name,
    _B.last_name,
    _B.father_name,
    _B.id_document,
    _B.phone,
    _B.email,
    _B.created_at,
    _B.checked_in_at,
    _B.change_seq,
)
_PERSONAL = ("first_name", "last_name", "father_name", "id_document", "phone", "email")
MAX_CONFIG_PER_PULL = 20


def _extra(extra: str | None) -> dict[str, Any]:
    """A booking's intake answers (`bookings.extra`, a JSON object)."""
    try:
        data = json.loads(extra or "{}")
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def _has_privilege(extra: dict[str, Any]) -> bool:
    """A reception request's privilege (imtiyaz) other than "none"."""
    return extra.get("privilege", "none") not in ("none", None)


def _record(row: Mapping[Any, Any], personal: bool = True) -> dict[str, Any]:
    extra = _extra(row["extra"])
    record = {
        "order_code": row["order_code"],
        "centre_id": row["centre_id"],
        "service_id": row["service_id"],
        "day": row["day"].isoformat(),
        "start": row["start"],
        "status": row["status"],
        "language": row["language"],
        "created_at": row["created_at"].isoformat(),
        "checked_in_at": row["checked_in_at"].isoformat() if row["checked_in_at"] else None,
        "change_seq": row["change_seq"],
        "priority": _has_privilege(extra),
        "application_number": str(extra.get("application", ""))[:40],
    }
    for name in _PERSONAL:
        record[name] = (row[name] or "") if personal else ""
    return record


class SyncService:
    def __init__(
        self,
        engine: Engine,
        clock: Clock,
        catalogue: CatalogueService | None = None,
        results: ResultSink | None = None,
    ) -> None:
        self._engine = engine
        self._clock = clock
        self._catalogue = catalogue or CatalogueService(engine)
        self._events = EventIntake(engine, clock, results)

    # --- catalogue --------------------------------------------------------------

    def catalogue(self, since: int) -> CatalogueUpdate:
        """The published catalogue if newer than version `since` (the centre's cursor),
        with the check-in window the central settings give it. It is the service's
        cached view, so a version published by another worker reaches the centres
        within `CatalogueService`'s refresh (seconds)."""
        view = self._catalogue.current()
        if view.version <= since:
            return CatalogueUpdate(version=view.version)
        document = view.catalogue.to_dict()
        document["version"] = view.version
        return CatalogueUpdate(version=view.version, catalogue=document)

    # --- pull -----------------------------------------------------------------

    def pull(
        self,
        centre_id: str,
        cursor: int,
        config_cursor: int,
        limit: int,
        count: bool,
        catalogue_since: int | None = None,
    ) -> dict[str, Any]:
        """The centre's booking changes above `cursor` (up to `limit`), IT's config
        pushes above `config_cursor` and, when asked, the catalogue if newer than
        `catalogue_since`, as a `PullResponse` document."""
        since = self._clock.now().date() - timedelta(days=1)
        mine = (_B.centre_id == centre_id) & (_B.change_seq > cursor) & (_B.day >= since)
        with self._engine.connect() as conn:
            # Read the head first: every change up to it is committed and numbered,
            # and no change will ever be numbered below it (see `change_feed`).
            head, pending = change_feed.head_and_pending(conn)
            if pending:  # committed changes without a number yet: number them first
                conn.commit()
                change_feed.number_changes(self._engine)
                head = change_feed.head(conn)
            rows = conn.execute(
                sa.select(*_PULL_COLUMNS)
                .where(mine & (_B.change_seq <= head))
                .order_by(_B.change_seq)
                .limit(limit)
            ).mappings()
            records = [_record(row) for row in rows]
            more = len(records) == limit
            remaining = None
            if count:
                remaining = int(
                    conn.execute(
                        sa.select(sa.func.count()).where(mine & (_B.change_seq <= head))
                    ).scalar_one()
                )
            config = self._pending_config(conn, centre_id, config_cursor)
            conn.commit()
        new_cursor = records[-1]["change_seq"] if more else max(head, cursor)
        answer = {
            "protocol": 1,
            "centre_id": centre_id,
            "bookings": records,
            "cursor": new_cursor,
            "more": more,
            "remaining": remaining,
            "config": config,
        }
        if catalogue_since is not None:
            answer["catalogue"] = self.catalogue(catalogue_since).model_dump(mode="json")
        return answer

    def _pending_config(
        self, conn: sa.Connection, centre_id: str, config_cursor: int
    ) -> list[dict[str, Any]]:
        p = config_pushes.c
        rows = conn.execute(
            sa.select(p.id, p.kind, p.data, p.note)
            .where((p.id > config_cursor) & p.target.in_([centre_id, "*"]))
            .order_by(p.id)
            .limit(MAX_CONFIG_PER_PULL)
        ).all()
        return [
            {"id": r.id, "kind": r.kind, "data": json.loads(r.data), "note": r.note} for r in rows
        ]

    # --- push -----------------------------------------------------------------

    def push(self, centre_id: str, batch: PushBatch) -> PushResult:
        """Store a batch of events exactly once and apply them (see `events`)."""
        return self._events.push(centre_id, batch)

    # --- heartbeat ------------------------------------------------------------

    def heartbeat(self, centre_id: str, beat: Heartbeat) -> HeartbeatAck:
        if beat.centre_id != centre_id:
            raise refuse(403, "centre_id", "other_centre")
        now = self._clock.now()
        skew = round((beat.sent_at - now).total_seconds(), 1)
        devices = [d.model_dump(mode="json") for d in beat.devices]
        with self._engine.begin() as conn:
            insert_ignore(conn, sync_centres, {"centre_id": centre_id})
            conn.execute(
                sync_centres.update()
                .where(sync_centres.c.centre_id == centre_id)
                .values(
                    last_heartbeat_at=now,
                    clock_skew_s=skew,
                    agent_version=beat.agent_version,
                    last_pull_at=beat.last_pull_at,
                    outbox_backlog=beat.outbox_backlog,
                    queue_length=beat.queue.waiting if beat.queue else None,
                    # what the running screens run, not only what the store holds
                    config_cursor=beat.applied_config,
                    catalogue_version=beat.catalogue_version,
                    devices=json.dumps(devices, ensure_ascii=False),
                    parked_events=beat.parked_events,
                    parked=json.dumps(
                        [p.model_dump(mode="json") for p in beat.parked], ensure_ascii=False
                    ),
                )
            )
            self._record_applied(conn, centre_id, beat.applied_config, now)
            if beat.queue is not None:
                self._replace_queue(conn, centre_id, beat, now)
        return HeartbeatAck(received_at=now, clock_skew_s=skew)

    def _record_applied(
        self, conn: sa.Connection, centre_id: str, config_cursor: int, now: datetime
    ) -> None:
        p, a = config_pushes.c, config_applied.c
        done = sa.select(a.push_id).where(a.centre_id == centre_id)
        ids = conn.execute(
            sa.select(p.id).where(
                (p.id <= config_cursor) & p.target.in_([centre_id, "*"]) & p.id.not_in(done)
            )
        ).scalars()
        rows = [{"push_id": i, "centre_id": centre_id, "applied_at": now} for i in ids]
        if rows:
            conn.execute(config_applied.insert(), rows)

    def _replace_queue(
        self, conn: sa.Connection, centre_id: str, beat: Heartbeat, now: datetime
    ) -> None:
        assert beat.queue is not None
        conn.execute(sync_queue.delete().where(sync_queue.c.centre_id == centre_id))
        day = beat.queue.day.isoformat()
        rows = {
            t.number: {
                "centre_id": centre_id,
                "day": day,
                "updated_at": now,
                **t.model_dump(),
            }
            for t in beat.queue.tickets
        }
        if rows:
            conn.execute(sync_queue.insert(), list(rows.values()))

    # --- lookup ---------------------------------------------------------------

    def lookup(self, centre_id: str, order_code: str) -> BookingRecord | None:
        """The booking with this code; another centre's comes without personal data."""
        with self._engine.connect() as conn:
            row = (
                conn.execute(sa.select(*_PULL_COLUMNS).where(_B.order_code == order_code))
                .mappings()
                .first()
            )
            conn.commit()
        if row is None:
            return None
        return BookingRecord.model_validate(_record(row, personal=row["centre_id"] == centre_id))
