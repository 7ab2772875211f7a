"""The centre's pruning: sent outbox events and dropped parked ones after
`retention.outbox_sent_days`, audit rows after `retention.audit_days`.

`step()` deletes at most one batch per table (the sync agent calls it after each
round, so pruning a backlog is spread over many rounds); `run()` goes on until
nothing is left (`asan-queue db prune`), pausing `retention.pause_ms` between
batches so kiosks get the store's write lock in between."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import Engine

from kiosk_app.store import retention_repo
from kiosk_app.store.engine import read_tx, write_tx
from server_sync.config import RetentionSettings
from server_sync.kernel.clock import Clock

log = logging.getLogger("asanq.store")


@dataclass(frozen=True)
class Pruned:
    outbox: int = 0
    audit: int = 0

    def __add__(self, other: Pruned) -> Pruned:
        return Pruned(self.outbox + other.outbox, self.audit + other.audit)

    @property
    def total(self) -> int:
        return self.outbox + self.audit


class CentrePruner:
    def __init__(
        self,
        engine: Engine,
        settings: RetentionSettings,
        clock: Clock,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.engine = engine
        self.settings = settings
        self.clock = clock
        self._sleep = sleep

    def _cutoffs(self) -> tuple[timedelta, timedelta]:
        s = self.settings
        return timedelta(days=s.outbox_sent_days), timedelta(days=s.audit_days)

    def step(self) -> Pruned:
        """At most one batch of each kind, each in its own short transaction."""
        now = self.clock.now()
        outbox_age, audit_age = self._cutoffs()
        rows = self.settings.batch_rows
        with write_tx(self.engine) as conn:
            outbox = retention_repo.prune_outbox(conn, now - outbox_age, rows)
        with write_tx(self.engine) as conn:
            audit = retention_repo.prune_audit(conn, now - audit_age, rows)
        return Pruned(outbox, audit)

    def run(self) -> Pruned:
        total = Pruned()
        while True:
            done = self.step()
            total += done
            if done.outbox < self.settings.batch_rows and done.audit < self.settings.batch_rows:
                break
            self._sleep(self.settings.pause_ms / 1000)
        if total.total:
            log.info("pruned %d outbox events and %d audit rows", total.outbox, total.audit)
        return total

    def due(self) -> Pruned:
        """What `run()` would delete now (for `--dry-run`)."""
        now = self.clock.now()
        outbox_age, audit_age = self._cutoffs()
        with read_tx(self.engine) as conn:
            outbox, audit = retention_repo.count_old(conn, now - outbox_age, now - audit_age)
        return Pruned(outbox, audit)
