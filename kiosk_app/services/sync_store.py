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

from sqlalchemy import Engine

from kiosk_app.domain.tickets import TicketStatus
from kiosk_app.services import queue_estimates
from kiosk_app.services.kiosk.code_guesses import ALERT as GUESS_ALERT
from kiosk_app.services.kiosk.code_guesses import PREFIX as GUESS_PREFIX
from kiosk_app.store import booking_repo, device_repo, guess_repo, outbox, waiting_repo
from kiosk_app.store.catalogue_repo import (
    CATALOGUE_VERSION_KEY,
    get_meta,
    load_catalogue,
    replace_catalogue,
    set_meta,
)
from kiosk_app.store.engine import read_tx, write_tx
from server_sync.kernel.catalogue import Catalogue, CatalogueError
from server_sync.kernel.clock import Clock, SystemClock
from server_sync.sync.planner import ApplyPlan, Cursor, catalogue_after_push
from server_sync.sync.protocol import DeviceReport, OutboxEvent, QueueSnapshot, QueueTicket

log = logging.getLogger("asanq.sync")

CURSOR_KEY = "sync_cursor"
CONFIG_CURSOR_KEY = "sync_config_cursor"
CATALOGUE_CURSOR_KEY = "sync_catalogue_cursor"  # the central catalogue version held
CENTRAL_SETTINGS_KEY = "central_settings"
UPSERT_CHUNK = 1000  # rows per statement: SQLite caps bound parameters
RECENTLY_FINISHED = timedelta(minutes=60)


class CentreSyncStore:
    def __init__(self, engine: Engine, centre_id: str, clock: Clock | None = None) -> None:
        self.engine = engine
        self.centre_id = centre_id
        self.clock = clock
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
            entries = outbox.unsent(conn, limit)
        return [
            OutboxEvent(
                key=e.key,
                seq=e.seq,
                kind=e.kind,
                at=e.at,
                booking_code=e.booking_code,
                payload=e.payload,
            )
            for e in entries
        ]

    def mark_sent(self, keys: Sequence[str], at: datetime) -> None:
        if not keys:
            return
        with write_tx(self.engine) as conn:
            outbox.mark_sent(conn, keys, at)

    def backlog(self) -> int:
        with read_tx(self.engine) as conn:
            return outbox.backlog(conn)

    # --- heartbeat -------------------------------------------------------------

    def devices(self) -> Sequence[DeviceReport]:
        """Every device for the heartbeat; a kiosk's code-guessing alert (see
        `code_guesses`) goes as its alert while it holds."""
        now = (self.clock or SystemClock()).now()
        with read_tx(self.engine) as conn:
            found = device_repo.list_devices(conn)
            guessing = guess_repo.alerts_until(conn, GUESS_PREFIX)
        return [
            DeviceReport(
                device_id=d.device_id,
                kind=d.kind,
                version=d.version,
                last_seen=d.last_seen,
                printer_state=d.printer_state,
                paper=d.paper,
                cover_open=d.cover_open,
                alert=GUESS_ALERT if guessing.get(d.device_id, now) > now else d.alert,
            )
            for d in sorted(found, key=lambda d: d.device_id)
        ]

    def queue_snapshot(self, day: date, now: datetime) -> QueueSnapshot:
        """Today's waiting and called tickets, with people ahead and minutes as the
        paper ticket and the kiosk screen say them (`queue_estimates`), and those
        finished in the last hour (numbers and counters only)."""
        catalogue = self._current_catalogue()
        with read_tx(self.engine) as conn:
            board = waiting_repo.board(conn, self.centre_id, day, now - RECENTLY_FINISHED)
            estimates = (
                queue_estimates.for_waiting(conn, catalogue, self.centre_id, day)
                if self.centre_id in catalogue.centres
                else {}
            )
        tickets: list[QueueTicket] = []
        for t in board:
            estimate = estimates.get(t.id)
            if t.status == TicketStatus.WAITING.value and estimate is not None:
                tickets.append(
                    QueueTicket(
                        number=t.number,
                        service_id=t.service_id,
                        status="waiting",
                        people_ahead=estimate.people_ahead,
                        wait_minutes=estimate.minutes,
                    )
                )
            else:
                tickets.append(
                    QueueTicket(
                        number=t.number, service_id=t.service_id, status=t.status, counter=t.counter
                    )
                )
        return QueueSnapshot(day=day, tickets=tickets)

    def _current_catalogue(self) -> Catalogue:
        if self._catalogue is None:
            with read_tx(self.engine) as conn:
                self._catalogue = load_catalogue(conn)
        return self._catalogue
