"""The kiosk's side of the systemd watchdog: READY=1 after the first frame, then
WATCHDOG=1 from a timer on the UI thread, only while the presenter is healthy.

A timer on the UI thread fires only while the event loop runs, so a frozen UI
stops the pings and systemd restarts the kiosk after `WatchdogSec=`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer

from kiosk_app.ui.kiosk.window import KioskWindow

log = logging.getLogger("asanq.kiosk")


class WatchdogPinger(QObject):
    def __init__(
        self,
        healthy: Callable[[], bool],
        ping: Callable[[], None],
        interval_s: float,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._healthy = healthy
        self._ping = ping
        self._was_healthy = True
        self.timer = QTimer(self)
        self.timer.setInterval(max(1, int(interval_s * 1000)))
        self.timer.timeout.connect(self.tick)

    def start(self) -> None:
        self.timer.start()

    def tick(self) -> None:
        ok = self._healthy()
        if ok:
            self._ping()
        elif self._was_healthy:
            log.error("kiosk unhealthy (the store has not answered): watchdog pings stop")
        if ok and not self._was_healthy:
            log.info("kiosk healthy again: watchdog pings resume")
        self._was_healthy = ok


def attach_watchdog(
    window: KioskWindow,
    *,
    healthy: Callable[[], bool],
    ready: Callable[[], None],
    ping: Callable[[], None],
    interval_s: float | None,
) -> WatchdogPinger | None:
    """Say READY=1 once the first frame is painted; ping every `interval_s` (half the
    unit's WatchdogSec) from then on, when there is a watchdog."""
    pinger = WatchdogPinger(healthy, ping, interval_s, window) if interval_s else None

    def first_frame() -> None:
        ready()
        if pinger is not None:
            pinger.tick()
            pinger.start()

    window.first_frame.connect(first_frame)
    return pinger
