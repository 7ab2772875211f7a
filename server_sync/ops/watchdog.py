"""The sync agent's side of the systemd watchdog.

After each round, failed or not, the agent asks its store one cheap question;
when the store answers, systemd hears READY=1 (the first time) or WATCHDOG=1.
A round that fails because the central service is down still pings: the centre
works offline by design, and restarting the agent would not bring the link back.
A store that hangs or fails, or a loop that stops turning, stops the pings.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from server_sync.ops.notify import Notifier

log = logging.getLogger("asanq.sync")


class StoreWatchdog:
    def __init__(
        self,
        notifier: Notifier,
        probe: Callable[[], object],
        *,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.notifier = notifier
        self.probe = probe
        self._monotonic = monotonic
        self._ready = False
        self._last_ping: float | None = None
        self.failed = False

    def round_done(self) -> None:
        if not self.notifier.enabled:
            return
        interval = self.notifier.ping_interval_s
        now = self._monotonic()
        if self._ready and (interval is None or not self._due(now, interval)):
            return
        try:
            self.probe()
        except Exception as exc:
            if not self.failed:
                log.error("the centre store does not answer (%s): watchdog pings stop", exc)
            self.failed = True
            return
        if self.failed:
            log.info("the centre store answers again: watchdog pings resume")
        self.failed = False
        if not self._ready:
            self.notifier.ready("syncing")
            self._ready = True
        elif interval is not None:
            self.notifier.watchdog()
        self._last_ping = now

    def _due(self, now: float, interval: float) -> bool:
        # rounds come every few seconds; one probe per half ping interval is plenty
        return self._last_ping is None or now - self._last_ping >= interval / 2
