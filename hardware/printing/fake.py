"""A TicketPrinter for other packages' unit tests: records jobs, fails on request."""

from __future__ import annotations

import threading

from hardware.printing.errors import PrinterError
from hardware.printing.job import PrintJob
from hardware.printing.status import Online, Paper, PrinterStatus

READY = PrinterStatus(online=Online.ONLINE, paper=Paper.OK, cover_open=False)


class FakeTicketPrinter:
    """Keeps every printed job in `jobs`; `fail_with` makes the next print(s) raise."""

    def __init__(self, status: PrinterStatus = READY) -> None:
        self.jobs: list[PrintJob] = []
        self._status = status
        self._failure: PrinterError | None = None
        self._failures_left: int | None = None
        self._lock = threading.Lock()
        self.closed = False

    @property
    def titles(self) -> list[str]:
        """The printed jobs' titles, e.g. ["ticket A042"]."""
        return [job.title for job in self.jobs]

    def fail_with(self, error: PrinterError | None, times: int | None = None) -> None:
        """Raise `error` on the next `times` prints (None: until told otherwise)."""
        with self._lock:
            self._failure, self._failures_left = error, times

    def set_status(self, status: PrinterStatus) -> None:
        with self._lock:
            self._status = status

    def print_job(self, job: PrintJob) -> None:
        with self._lock:
            failure = self._failure
            if failure is not None:
                if self._failures_left is not None:
                    self._failures_left -= 1
                    if self._failures_left <= 0:
                        self._failure = None
                raise failure
            self.jobs.append(job)

    def status(self) -> PrinterStatus:
        with self._lock:
            return self._status

    def close(self) -> None:
        self.closed = True
