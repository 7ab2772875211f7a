"""Typed printer errors, so the kiosk can tell the visitor and staff what happened.

Each error has a short machine-readable `code` ("offline", "paper_out",
"cover_open", "timeout") for logs, metrics and the IT heartbeat, and a human
message for staff. The status that led to the error is kept when there was one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

if TYPE_CHECKING:
    from hardware.printing.status import PrinterStatus


class PrinterError(Exception):
    """The ticket was not printed (or not confirmed printed) because of the printer."""

    code: ClassVar[str] = "error"

    def __init__(self, message: str, status: PrinterStatus | None = None) -> None:
        super().__init__(message)
        self.status = status


class PrinterOffline(PrinterError):
    """The printer cannot be reached, refuses to print, or the link broke mid-job."""

    code = "offline"


class PaperOut(PrinterError):
    """The paper roll is empty."""

    code = "paper_out"


class CoverOpen(PrinterError):
    """The printer's cover is open."""

    code = "cover_open"


class PrinterTimeout(PrinterError):
    """The printer did not answer (status or job) within the configured time."""

    code = "timeout"


class PrinterUrlError(ValueError):
    """The printer URL in the settings cannot be used; the message says why."""
