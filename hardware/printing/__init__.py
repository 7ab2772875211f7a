"""Ticket printing: slip -> print job (pure layout) -> ESC/POS -> a printer port.

The kiosk builds a `TicketSlip`, lays it out with `layout_ticket` (or
`ticket_format(settings).layout`), and hands the `PrintJob` to a
`TicketPrinter` from `open_printer(settings)`; tests use `FakeTicketPrinter`.
"""

from hardware.printing.encode import emit_job, job_to_bytes
from hardware.printing.errors import (
    CoverOpen,
    PaperOut,
    PrinterError,
    PrinterOffline,
    PrinterTimeout,
    PrinterUrlError,
)
from hardware.printing.escpos_printer import EscposTicketPrinter
from hardware.printing.factory import (
    TicketFormat,
    load_header_image,
    open_printer,
    ticket_format,
    transport_for,
)
from hardware.printing.fake import READY, FakeTicketPrinter
from hardware.printing.info_slip import InfoSlip, layout_info_slip
from hardware.printing.job import Align, Cut, Feed, Operation, PrintJob, Qr, Raster
from hardware.printing.layout import layout_ticket
from hardware.printing.paper import PAPER_58MM, PAPER_80MM, PaperSpec, paper_spec
from hardware.printing.port import TicketPrinter
from hardware.printing.preview import render_job
from hardware.printing.samples import AZ_LETTERS, AZ_PLACE_NAMES, TEST_NUMBER
from hardware.printing.slip import LANGUAGES, Language, TicketSlip, TicketWords
from hardware.printing.status import Online, Paper, PrinterStatus
from hardware.printing.url import PrinterAddress, parse_printer_url

__all__ = [
    "AZ_LETTERS",
    "AZ_PLACE_NAMES",
    "LANGUAGES",
    "PAPER_58MM",
    "PAPER_80MM",
    "READY",
    "TEST_NUMBER",
    "Align",
    "CoverOpen",
    "Cut",
    "EscposTicketPrinter",
    "FakeTicketPrinter",
    "Feed",
    "InfoSlip",
    "Language",
    "Online",
    "Operation",
    "Paper",
    "PaperOut",
    "PaperSpec",
    "PrintJob",
    "PrinterAddress",
    "PrinterError",
    "PrinterOffline",
    "PrinterStatus",
    "PrinterTimeout",
    "PrinterUrlError",
    "Qr",
    "Raster",
    "TicketFormat",
    "TicketPrinter",
    "TicketSlip",
    "TicketWords",
    "emit_job",
    "job_to_bytes",
    "layout_info_slip",
    "layout_ticket",
    "load_header_image",
    "open_printer",
    "paper_spec",
    "parse_printer_url",
    "render_job",
    "ticket_format",
    "transport_for",
]
