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
from datetime import UTC, date, datetime, timedelta
from typing import Any

from pydantic import ValidationError
from sqlalchemy import Connection, Engine

from kiosk_app.domain.tickets import TicketStatus
from kiosk_app.services import queue_estimates
from kiosk_app.services.booking_expiry import expire_overdue
from kiosk_app.services.kiosk.code_guesses import ALERT as GUESS_ALERT
from kiosk_app.services.kiosk.code_guesses import PREFIX as GUESS_PREFIX
from kiosk_app.services.live_config import CENTRAL_SETTINGS_KEY, CONFIG_CURSOR_KEY
from kiosk_app.store import (
    booking_repo,
    device_repo,
    guess_repo,
    outbox,
    running_repo,
    waiting_repo,
)
from kiosk_app.store.catalogue_repo import (
    CATALOGUE_VERSION_KEY,
    bump_generation,
    get_meta,
    load_catalogue,
    replace_catalogue,
    set_meta,
)
from kiosk_app.store.engine import read_tx, write_tx
from server_sync.kernel.catalogue import Catalogue, CatalogueError
from server_sync.kernel.centre_settings import SettingsPushError, merged
from server_sync.kernel.clock import Clock, SystemClock
from server_sync.sync.planner import ApplyPlan, Cursor, catalogue_after_push
from server_sync.sync.protocol import (
    MAX_PARKED_REPORTS,
    DeviceReport,
    OutboxEvent,
    ParkedReport,
    QueueSnapshot,
    QueueTicket,
)

log = logging.getLogger("asanq.sync")

CURSOR_KEY = "sync_cursor"
CATALOGUE_CURSOR_KEY = "sync_catalogue_cursor"  # the central catalogue version held
UPSERT_CHUNK = 1000  # rows per statement: SQLite caps bound parameters
RECENTLY_FINISHED = timedelta(minutes=60)
RUNNING_STALE = timedelta(seconds=60)  # a screen silent this long has stopped


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
                    self._apply_settings(conn, push.id, push.data)
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
            if plan.config:
                bump_generation(conn)  # the screens reload and report the new cursor
        if plan.config or plan.catalogue:
            self._catalogue = None

    @staticmethod
    def _apply_settings(conn: Connection, push_id: int, data: dict[str, Any]) -> None:
        held = json.loads(get_meta(conn, CENTRAL_SETTINGS_KEY) or "{}")
        try:
            settings = merged(held, data)
        except SettingsPushError as exc:
            log.error("settings push %d not applied: %s", push_id, exc)
            return
        set_meta(conn, CENTRAL_SETTINGS_KEY, json.dumps(settings, ensure_ascii=False))
        log.info("config push %d (settings) applied", push_id)

    @staticmethod
    def _readable(plan: ApplyPlan) -> Catalogue | None:
        if plan.catalogue is None:
            return None
        try:
            return Catalogue.from_dict(plan.catalogue)
        except CatalogueError as exc:
            log.error("central catalogue %d not applied: %s", plan.cursor.catalogue, exc)
            return None

    def running_config_cursor(self, now: datetime) -> int:
        """The config the centre runs: the oldest one a live screen has loaded, and
        never more than the store holds (a screen started later loads that)."""
        with read_tx(self.engine) as conn:
            held = int(get_meta(conn, CONFIG_CURSOR_KEY) or 0)
            oldest = running_repo.oldest_running(conn, now - RUNNING_STALE)
        return held if oldest is None else min(held, oldest)

    def catalogue_version(self) -> int:
        with read_tx(self.engine) as conn:
            return int(get_meta(conn, CATALOGUE_VERSION_KEY) or 0)

    def expire_overdue(self, now: datetime) -> int:
        """Close the bookings nobody checked in by slot + grace (`booking_expiry`)."""
        catalogue = self._current_catalogue()
        if self.centre_id not in catalogue.centres:
            return 0
        return expire_overdue(self.engine, catalogue, self.centre_id, now)

    # --- push side -------------------------------------------------------------

    def unsent_events(self, limit: int) -> Sequence[OutboxEvent]:
        """The oldest unsent events; one the protocol cannot carry (a damaged row)
        is parked here with reason `local:` and the rest go on."""
        while True:
            with read_tx(self.engine) as conn:
                entries = outbox.unsent(conn, limit)
            events: list[OutboxEvent] = []
            for e in entries:
                try:
                    events.append(
                        OutboxEvent(
                            key=e.key,
                            seq=e.seq,
                            kind=e.kind,
                            at=e.at,
                            booking_code=e.booking_code,
                            payload=e.payload,
                        )
                    )
                except ValidationError as exc:
                    fields = sorted({".".join(map(str, x["loc"])) for x in exc.errors()})
                    log.error("outbox event %d cannot be sent (%s): parked", e.seq, fields)
                    self.park(e.key, 0, "local: " + ", ".join(fields), datetime.now(UTC))
                    break
            else:
                return events

    def park(self, key: str, status: int, reason: str, at: datetime) -> None:
        with write_tx(self.engine) as conn:
            outbox.park(conn, key, status, reason, at)

    def parked(self) -> tuple[int, Sequence[ParkedReport]]:
        with read_tx(self.engine) as conn:
            count = outbox.parked_count(conn)
            oldest = outbox.parked(conn, limit=MAX_PARKED_REPORTS)
        return count, [
            ParkedReport(
                key=p.key,
                seq=p.seq,
                kind=p.kind,
                status=p.status,
                reason=p.reason,
                parked_at=p.parked_at,
            )
            for p in oldest
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
