"""The real TicketPrinter: python-escpos bytes over a transport, status checked honestly.

Before a job we ask DLE EOT 1/2/4 with a short timeout and refuse to print into
a known fault; after it we ask again, which both confirms the printer took the
whole job and catches the paper running out (or the link dropping) mid-ticket.
"""

from __future__ import annotations

import logging
import threading
import time

from hardware.printing.encode import job_to_bytes
from hardware.printing.errors import PrinterError, PrinterOffline, PrinterTimeout
from hardware.printing.job import PrintJob
from hardware.printing.status import STATUS_QUERY, Paper, PrinterStatus
from hardware.printing.transports import LinkError, LinkTimeout, Transport

log = logging.getLogger("asanq.printer")


class EscposTicketPrinter:
    """Prints PrintJobs on an ESC/POS printer reached through `transport`."""

    def __init__(
        self,
        transport: Transport,
        *,
        profile: str | None = None,
        status_timeout_s: float = 1.0,
        print_timeout_s: float = 15.0,
        require_status: bool = True,
    ) -> None:
        self.transport = transport
        self.profile = profile
        self.status_timeout_s = status_timeout_s
        self.print_timeout_s = print_timeout_s
        self.require_status = require_status
        self.last_status: PrinterStatus | None = None
        self._lock = threading.Lock()

    @property
    def name(self) -> str:
        return self.transport.name

    def print_job(self, job: PrintJob) -> None:
        data = job_to_bytes(job, self.profile)
        started = time.monotonic()
        with self._lock:
            try:
                self._print_locked(data, started)
            except LinkTimeout as exc:
                self._fail_link()
                raise self._logged(PrinterTimeout(str(exc)), job) from None
            except LinkError as exc:
                self._fail_link()
                raise self._logged(PrinterOffline(str(exc)), job) from None
            except PrinterError as exc:
                self._fail_link()
                raise self._logged(exc, job) from None
            finally:
                if not self.transport.keep_open:
                    self.transport.close()
        status = self.last_status
        log.info(
            "printed %s on %s: %d bytes in %.2f s; %s",
            job.title,
            self.name,
            len(data),
            time.monotonic() - started,
            status.describe() if status else "status unknown",
        )
        if status is not None and status.paper is Paper.NEAR_END:
            log.warning("printer %s: paper near end", self.name)

    def status(self) -> PrinterStatus:
        with self._lock:
            try:
                self._open()
                if not self.transport.can_read:
                    status = PrinterStatus.unknown(f"{self.name} cannot report status")
                else:
                    status = self._query(time.monotonic() + self.status_timeout_s)
            except LinkError as exc:
                self._fail_link()
                status = PrinterStatus.offline(str(exc))
            finally:
                if not self.transport.keep_open:
                    self.transport.close()
            self.last_status = status
            return status

    def close(self) -> None:
        with self._lock:
            self.transport.close()

    # -- inside the lock ------------------------------------------------------
    def _print_locked(self, data: bytes, started: float) -> None:
        self._open()
        readable = self.transport.can_read
        if readable:
            before = self._query(time.monotonic() + self.status_timeout_s)
            self.last_status = before
            problem = before.problem()
            if problem is not None:
                raise problem
            if not before.answered and self.require_status:
                raise PrinterTimeout(
                    f"no status answer from {self.name} within {self.status_timeout_s:g} s", before
                )
        budget = self.print_timeout_s
        if self.transport.bytes_per_s:  # a slow serial line: allow for the transfer itself
            budget += len(data) / self.transport.bytes_per_s
        deadline = started + budget
        self.transport.write(data, deadline)
        if not readable:
            self.last_status = PrinterStatus.unknown(f"{self.name} cannot report status")
            return
        after = self._query(max(deadline, time.monotonic() + self.status_timeout_s))
        self.last_status = after
        problem = after.problem()
        if problem is not None:
            raise problem
        if not after.answered and self.require_status:
            raise PrinterTimeout(
                f"{self.name} did not confirm the ticket within {budget:.1f} s "
                "(it may still print)",
                after,
            )

    def _open(self) -> None:
        if not self.transport.is_open:
            self.transport.open(self.status_timeout_s)

    def _query(self, deadline: float) -> PrinterStatus:
        self.transport.discard_input()
        self.transport.write(STATUS_QUERY, deadline)
        answer = self.transport.read(3, deadline)
        if not answer:
            return PrinterStatus.unknown("no answer to the status query")
        return PrinterStatus.from_bytes(answer)

    def _fail_link(self) -> None:
        """Drop the link after a failure, so the next call starts afresh."""
        self.transport.close()

    def _logged(self, error: PrinterError, job: PrintJob) -> PrinterError:
        log.warning("printing %s on %s failed (%s): %s", job.title, self.name, error.code, error)
        return error
