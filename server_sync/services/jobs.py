"""A background thread per worker: sends queued mail and SMS at once when woken,
and on a timer queues reminders and purges old personal data.

Several workers may run it: claiming mail and SMS is race-free (`claim_due_mail`,
`sms_sql.claim_due`) and reminders are queued under a conditional update, so
nothing is sent twice.
"""

from __future__ import annotations

import logging
import threading
import time

from server_sync.services.housekeeping import Housekeeping
from server_sync.services.outbox import MailOutbox
from server_sync.services.sms_outbox import SmsOutbox

log = logging.getLogger("asanq.server")

HOUSEKEEPING_EVERY_S = 300.0


class BackgroundJobs:
    def __init__(
        self,
        outbox: MailOutbox,
        housekeeping: Housekeeping,
        interval_s: float,
        sms: SmsOutbox | None = None,
    ) -> None:
        self._outbox = outbox
        self._sms = sms
        self._housekeeping = housekeeping
        self._interval_s = interval_s
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._last_housekeeping = float("-inf")

    def wake(self) -> None:
        """Mail or SMS was queued: send it now rather than at the next tick."""
        self._wake.set()

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="asanq-jobs", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout=10)

    def run_once(self) -> None:
        try:
            self._drain()
            if time.monotonic() - self._last_housekeeping >= HOUSEKEEPING_EVERY_S:
                self._last_housekeeping = time.monotonic()
                self._housekeeping.queue_reminders()
                self._housekeeping.purge()
                self._drain()
        except Exception:
            log.exception("background job failed; will retry")

    def _drain(self) -> None:
        """Send until nothing more is due (mail first: it carries the QR code)."""
        while self._outbox.send_due() > 0 and not self._stop.is_set():
            pass
        if self._sms is None:
            return
        try:
            while self._sms.send_due() > 0 and not self._stop.is_set():
                pass
        except Exception:  # a broken SMS store or link never stops the mail
            log.exception("SMS sending failed; will retry")

    def _run(self) -> None:
        while not self._stop.is_set():
            self._wake.clear()
            self.run_once()
            self._wake.wait(self._interval_s)
