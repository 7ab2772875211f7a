"""The centre store behind the sync agent (`server_sync.sync.port.CentreStorePort`).

The cursors live in `store_meta` and are written in the same transaction as the
bookings, config and catalogue they cover, so a crash mid-pull repeats the page
instead of skipping it. The catalogue's cursor is the central catalogue version
the store holds. Outbox events are read oldest first and marked sent only for the
keys the central service acknowledged.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import cast

from sqlalchemy import Engine, Table, func, select, update

from kiosk_app.domain.dispatch import position_in_queue
from kiosk_app.domain.estimates import estimate_wait
from kiosk_app.domain.tickets import TicketStatus
from kiosk_app.store import booking_repo, ticket_repo
from kiosk_app.store.catalogue_repo import (
    CATALOGUE_VERSION_KEY,
    get_meta,
    load_catalogue,
    replace_catalogue,
    set_meta,
)
from kiosk_app.store.engine import read_tx, write_tx
from kiosk_app.store.models import DeviceRow, OutboxRow, TicketRow
from server_sync.kernel.catalogue import Catalogue, CatalogueError
from server_sync.sync.planner import ApplyPlan, Cursor, catalogue_after_push
from server_sync.sync.protocol import DeviceReport, OutboxEvent, QueueSnapshot, QueueTicket

log = logging.getLogger("asanq.sync")

CURSOR_KEY = "sync_cursor"
CONFIG_CURSOR_KEY = "sync_config_cursor"
CATALOGUE_CURSOR_KEY = "sync_catalogue_cursor"  # the central catalogue version held
CENTRAL_SETTINGS_KEY = "central_settings"
UPSERT_CHUNK = 1000  # rows per statement: SQLite caps bound parameters
RECENTLY_FINISHED = timedelta(minutes=60)
_T = cast(Table, TicketRow.__table__)
_O = cast(Table, OutboxRow.__table__)
_D = cast(Table, DeviceRow.__table__)
_ACTIVE = (TicketStatus.CALLED.value, TicketStatus.SERVING.value)
_FINISHED = (TicketStatus.SERVED.value, TicketStatus.NO_SHOW.value, TicketStatus.TRANSFERRED.value)


class CentreSyncStore:
    def __init__(self, engine: Engine, centre_id: str) -> None:
        self.engine = engine
        self.centre_id = centre_id
        self._catalogue: Catalogue | None = None

    # --- pull side -------------------------------------------------------------

    def cursor(self) -> Cursor:
        with read_tx(self.engine) as conn:
            bookings = get_meta(conn, CURSOR_KEY)
            config = get_meta(conn, CONFIG_CURSOR_KEY)
            catalogue = get_meta(conn, CATALOGUE_CURSOR_KEY)
        return Cursor(int(bookings or 0), int(config or 0), int(catalogue or 0))

    def apply(self, plan: ApplyPlan, at: datetime) -> None:
        pulled = self._readable(plan)
        with write_tx(self.engine) as conn:
            if pulled is not None:
                replace_catalogue(conn, pulled)
                set_meta(conn, CATALOGUE_CURSOR_KEY, str(plan.cursor.catalogue))
            for i in range(0, len(plan.bookings), UPSERT_CHUNK):
                booking_repo.upsert_bookings(conn, plan.bookings[i : i + UPSERT_CHUNK], at)
            for push in plan.config:
                if push.kind == "settings":
                    set_meta(conn, CENTRAL_SETTINGS_KEY, json.dumps(push.data, ensure_ascii=False))
                    continue
                current = load_catalogue(conn).to_dict()
                document = catalogue_after_push(current, push, self.centre_id)
                try:
                    catalogue = Catalogue.from_dict(document or current)
                except CatalogueError as exc:
                    log.error("config push %d not applied: %s", push.id, exc)
                    continue
                replace_catalogue(conn, catalogue)
                log.info("config push %d (%s) applied", push.id, push.kind)
            set_meta(conn, CURSOR_KEY, str(plan.cursor.bookings))
            set_meta(conn, CONFIG_CURSOR_KEY, str(plan.cursor.config))
        if plan.config or plan.catalogue:
            self._catalogue = None

    @staticmethod
    def _readable(plan: ApplyPlan) -> Catalogue | None:
        if plan.catalogue is None:
            return None
        try:
            return Catalogue.from_dict(plan.catalogue)
        except CatalogueError as exc:
            log.error("central catalogue %d not applied: %s", plan.cursor.catalogue, exc)
            return None

    def catalogue_version(self) -> int:
        with read_tx(self.engine) as conn:
            return int(get_meta(conn, CATALOGUE_VERSION_KEY) or 0)

    # --- push side -------------------------------------------------------------

    def unsent_events(self, limit: int) -> Sequence[OutboxEvent]:
        with read_tx(self.engine) as conn:
            rows = conn.execute(
                select(_O).where(_O.c.sent_at.is_(None)).order_by(_O.c.id).limit(limit)
            ).all()
        return [
            OutboxEvent(
                key=r.idempotency_key,
                seq=r.id,
                kind=r.kind,
                at=r.created_at,
                booking_code=r.booking_code,
                payload=r.payload,
            )
            for r in rows
        ]

    def mark_sent(self, keys: Sequence[str], at: datetime) -> None:
        if not keys:
            return
        with write_tx(self.engine) as conn:
            for i in range(0, len(keys), UPSERT_CHUNK):
                conn.execute(
                    update(_O)
                    .where(_O.c.idempotency_key.in_(keys[i : i + UPSERT_CHUNK]))
                    .where(_O.c.sent_at.is_(None))
                    .values(sent_at=at, attempts=_O.c.attempts + 1)
                )

    def backlog(self) -> int:
        with read_tx(self.engine) as conn:
            return int(
                conn.execute(
                    select(func.count()).select_from(_O).where(_O.c.sent_at.is_(None))
                ).scalar_one()
            )

    # --- heartbeat -------------------------------------------------------------

    def devices(self) -> Sequence[DeviceReport]:
        with read_tx(self.engine) as conn:
            rows = conn.execute(select(_D).order_by(_D.c.device_id)).all()
        return [
            DeviceReport(
                device_id=r.device_id,
                kind=r.kind,
                version=r.version,
                last_seen=r.last_seen,
                printer_state=r.printer_state,
                paper=r.paper,
                cover_open=r.cover_open,
                alert=r.alert,
            )
            for r in rows
        ]

    def queue_snapshot(self, day: date, now: datetime) -> QueueSnapshot:
        """Today's waiting and called tickets with people ahead and minutes, and
        those finished in the last hour (numbers and counters only)."""
        catalogue = self._current_catalogue()
        centre = catalogue.centres.get(self.centre_id)
        tickets: list[QueueTicket] = []
        with read_tx(self.engine) as conn:
            waiting = ticket_repo.waiting_tickets(conn, self.centre_id, day)
            recent: dict[str, list[float]] = {}
            rows = conn.execute(
                select(
                    _T.c.id, _T.c.letter, _T.c.sequence, _T.c.service_id, _T.c.status, _T.c.counter
                )
                .where(_T.c.centre_id == self.centre_id, _T.c.day == day)
                .where(
                    (_T.c.status == TicketStatus.WAITING.value)
                    | _T.c.status.in_(_ACTIVE)
                    | (_T.c.status.in_(_FINISHED) & (_T.c.finished_at >= now - RECENTLY_FINISHED))
                )
                .order_by(_T.c.id)
            ).all()
            for r in rows:
                number = f"{r.letter}{r.sequence:03d}"
                if r.status != TicketStatus.WAITING.value:
                    tickets.append(
                        QueueTicket(
                            number=number,
                            service_id=r.service_id,
                            status=r.status,
                            counter=r.counter,
                        )
                    )
                    continue
                if r.service_id not in recent:
                    recent[r.service_id] = ticket_repo.recent_service_minutes(
                        conn, self.centre_id, day, r.service_id
                    )
                ahead = position_in_queue(waiting, r.id)
                service = catalogue.services.get(r.service_id)
                counters = len(centre.counters_for(r.service_id)) if centre else 1
                estimate = estimate_wait(
                    ahead,
                    open_counters=counters,
                    recent_minutes=recent[r.service_id],
                    catalogue_minutes=service.average_minutes if service else 10,
                )
                tickets.append(
                    QueueTicket(
                        number=number,
                        service_id=r.service_id,
                        status="waiting",
                        people_ahead=ahead,
                        wait_minutes=estimate.minutes,
                    )
                )
        return QueueSnapshot(day=day, tickets=tickets)

    def _current_catalogue(self) -> Catalogue:
        if self._catalogue is None:
            with read_tx(self.engine) as conn:
                self._catalogue = load_catalogue(conn)
        return self._catalogue
