"""The centre's sync agent: push the outbox, pull changes, send heartbeats.

One round = expire the bookings nobody checked in by slot + grace, push every
unsent outbox event (oldest first, in batches), then
pull every page of changes (the first page also brings the central catalogue
when it is newer than the one held), then a heartbeat when due. Any failure ends the
round; the next round starts where the durable state says (outbox `sent_at`,
the cursor in the centre store), so a crash, a dropped connection or a lost
answer costs a repeat, never a loss: the central service drops repeats by
idempotency key. Failed rounds wait with exponential back-off and jitter.
"""

from __future__ import annotations

import logging
import random
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime

from server_sync.config import SyncSettings
from server_sync.kernel.clock import Clock
from server_sync.sync.client import CentralRefused, CentralUnavailable, SyncClient
from server_sync.sync.planner import (
    Backoff,
    Cursor,
    ProtocolMismatch,
    heartbeat_due,
    plan_apply,
    push_batches,
)
from server_sync.sync.port import CentreStorePort
from server_sync.sync.protocol import (
    Heartbeat,
    OutboxEvent,
    PullResponse,
    PushBatch,
    QueueSnapshot,
)

log = logging.getLogger("asanq.sync")

AGENT_VERSION = "1.0"
Progress = Callable[[int, int | None], None]


@dataclass(frozen=True)
class RoundReport:
    pushed: int
    pulled: int
    config: int
    heartbeat: bool
    catalogue: int | None = None  # the central catalogue version applied this round


class SyncAgent:
    def __init__(
        self,
        client: SyncClient,
        store: CentreStorePort,
        clock: Clock,
        centre_id: str,
        settings: SyncSettings,
        *,
        unit_random: Callable[[], float] = random.random,
        monotonic: Callable[[], float] = time.monotonic,
        on_progress: Progress | None = None,
    ) -> None:
        self.client = client
        self.store = store
        self.clock = clock
        self.centre_id = centre_id
        self.settings = settings
        self.backoff = Backoff(settings.backoff_base_s, settings.backoff_max_s)
        self._random = unit_random
        self._monotonic = monotonic
        self.on_progress = on_progress
        self.last_pull_at: datetime | None = None
        self._last_beat: float | None = None
        self._last_queue: QueueSnapshot | None = None
        self._last_running: int | None = None
        self.failures = 0
        self.catalogue_applied: int | None = None  # version, by the last pull
        self.parked_now = 0  # events parked by this agent since it started
        self._parked_reported = -1

    # --- one round ------------------------------------------------------------

    def run_round(self) -> RoundReport:
        """Push, pull, heartbeat. A refused push (4xx other than 401) does not
        stop the pull: the centre keeps getting bookings while IT looks."""
        refused: CentralRefused | None = None
        self.store.expire_overdue(self.clock.now())  # their events go out in this round
        try:
            pushed = self.push_outbox()
        except CentralRefused as exc:
            if exc.status == 401:
                raise
            refused, pushed = exc, 0
        pulled, config = self.pull_changes()
        beat = self.heartbeat_if_due()
        if refused is not None:
            raise refused
        return RoundReport(pushed, pulled, config, beat, self.catalogue_applied)

    def push_outbox(self) -> int:
        """Send unsent events until none are left; returns how many were acked.

        When central refuses a batch for something inside its events (a 4xx naming
        `events…`, or 413), the batch is split in halves, each sent in order, down
        to the one event central refuses: that event is parked (the centre store's
        dead letters, with central's reason) and the rest go on. A refusal of the
        batch as a whole (401, another centre's name, the protocol) stops the push."""
        total = 0
        while True:
            events = self.store.unsent_events(self.settings.push_batch)
            if not events:
                return total
            for batch in push_batches(events, self.settings.push_batch):
                total += self._push_isolating(list(batch))

    def _push_isolating(self, batch: list[OutboxEvent]) -> int:
        try:
            return self._push(batch)
        except CentralRefused as exc:
            if not exc.names_an_event():
                raise
            if len(batch) == 1:
                event = batch[0]
                self.store.park(event.key, exc.status, exc.reason(), self.clock.now())
                self.parked_now += 1
                log.error(
                    "central refused outbox event %d (%s, %s): parked, the rest goes on",
                    event.seq,
                    event.kind,
                    exc.reason(),
                )
                return 0
            half = len(batch) // 2
            return self._push_isolating(batch[:half]) + self._push_isolating(batch[half:])

    def _push(self, batch: list[OutboxEvent]) -> int:
        result = self.client.push(PushBatch(centre_id=self.centre_id, events=batch))
        wanted = {e.key for e in batch}
        acked = [key for key in result.acked if key in wanted]
        self.store.mark_sent(acked, self.clock.now())
        if len(acked) < len(wanted):
            raise CentralUnavailable(f"{len(wanted) - len(acked)} events not acknowledged")
        if result.conflicts:
            log.warning("central flagged %d conflicts (see IT view)", result.conflicts)
        return len(acked)

    def pull_changes(self) -> tuple[int, int]:
        """Apply every page of changes; returns (bookings, config pushes) applied.

        The next page is fetched while this one is written (its cursor is in
        the answer), so a first pull costs about max(fetch, write) per page.
        Each page and its cursor are one transaction: a failure repeats it. The
        first page asks for the catalogue too (`catalogue_applied` says which
        version was applied, if any)."""
        cursor = self.store.cursor()
        bookings = config = 0
        total: int | None = None
        self.catalogue_applied = None
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="sync-prefetch") as pool:
            response = self._pull(cursor, count=cursor.bookings == 0, catalogue=True)
            while True:
                if response.remaining is not None:
                    total = response.remaining
                plan = plan_apply(response, cursor, self.centre_id)
                upcoming: Future[PullResponse] | None = None
                if response.more:
                    upcoming = pool.submit(self._pull, plan.cursor, False)
                if plan.skipped:
                    log.error("central sent %d bookings of other centres; ignored", plan.skipped)
                if plan.bookings or plan.config or plan.catalogue or plan.cursor != cursor:
                    self.store.apply(plan, self.clock.now())
                if plan.catalogue is not None:
                    self.catalogue_applied = plan.cursor.catalogue
                    log.info("catalogue version %d applied", plan.cursor.catalogue)
                bookings += len(plan.bookings)
                config += len(plan.config)
                cursor = plan.cursor
                if self.on_progress is not None and (total or bookings):
                    self.on_progress(bookings, total)
                if upcoming is None:
                    break
                response = upcoming.result()
        self.last_pull_at = self.clock.now()
        return bookings, config

    def _pull(self, cursor: Cursor, count: bool, catalogue: bool = False) -> PullResponse:
        return self.client.pull(
            cursor.bookings,
            cursor.config,
            self.settings.pull_page,
            count,
            cursor.catalogue if catalogue else None,
        )

    def heartbeat_if_due(self) -> bool:
        now = self.clock.now()
        queue = self.store.queue_snapshot(now.date(), now)
        parked, oldest = self.store.parked()
        running = self.store.running_config_cursor(now)
        # a screen that loaded a push is news for IT too: say it at once
        changed = (
            queue != self._last_queue
            or parked != self._parked_reported
            or running != self._last_running
        )
        if not heartbeat_due(
            self._last_beat, self._monotonic(), self.settings.heartbeat_s, changed
        ):
            return False
        cursor = self.store.cursor()
        beat = Heartbeat(
            centre_id=self.centre_id,
            sent_at=now,
            agent_version=AGENT_VERSION,
            devices=list(self.store.devices()),
            outbox_backlog=self.store.backlog(),
            last_pull_at=self.last_pull_at,
            config_cursor=cursor.config,
            catalogue_version=self.store.catalogue_version(),
            queue=queue,
            parked_events=parked,
            parked=list(oldest),
            running_config_cursor=running,
        )
        self.client.heartbeat(beat)
        self._last_beat = self._monotonic()
        self._last_queue = queue
        self._parked_reported = parked
        self._last_running = running
        return True

    # --- the loop ---------------------------------------------------------------

    def run(
        self,
        stop: threading.Event,
        max_rounds: int | None = None,
        after_round: Callable[[], None] | None = None,
    ) -> None:
        """Rounds every `interval_s` until `stop`; a refused token ends the loop
        (CentralRefused 401), any other trouble backs off and retries.
        `after_round` runs after every round, failed or not (the systemd watchdog)."""
        rounds = 0
        while not stop.is_set() and (max_rounds is None or rounds < max_rounds):
            rounds += 1
            wait = self.settings.interval_s
            try:
                report = self.run_round()
                if self.failures:
                    log.info("central service reachable again after %d failures", self.failures)
                self.failures = 0
                if report.pushed or report.pulled or report.config:
                    log.info(
                        "sync round: pushed %d, pulled %d bookings, %d config changes",
                        report.pushed,
                        report.pulled,
                        report.config,
                    )
            except CentralRefused as exc:
                if exc.status == 401:
                    raise
                self.failures += 1
                wait = self.backoff.delay(self.failures, self._random())
                log.error("central refused a sync message (%s); retry in %.1fs", exc, wait)
            except ProtocolMismatch as exc:
                self.failures += 1
                wait = self.backoff.delay(self.failures, self._random())
                log.error("central answered something unusable (%s); retry in %.1fs", exc, wait)
            except CentralUnavailable as exc:
                self.failures += 1
                wait = self.backoff.delay(self.failures, self._random())
                log.warning("central service unavailable (%s); retry in %.1fs", exc, wait)
            if after_round is not None:
                after_round()
            stop.wait(wait)
