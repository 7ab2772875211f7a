"""The ticket-printer port the kiosk codes against (adapters: escpos, fake)."""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from hardware.printing.job import PrintJob
from hardware.printing.status import PrinterStatus


@runtime_checkable
class TicketPrinter(Protocol):
    """Prints jobs and tells its status; errors are `PrinterError` subclasses."""

    def print_job(self, job: PrintJob) -> None:
        """Print `job` or raise PrinterOffline, PaperOut, CoverOpen or PrinterTimeout."""

    def status(self) -> PrinterStatus:
        """Ask the printer now; parts it did not answer are unknown. Never raises."""

    def close(self) -> None:
        """Release the device (the next call opens it again)."""
