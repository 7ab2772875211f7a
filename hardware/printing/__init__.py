"""Ticket printing: slip -> print job (pure layout) -> ESC/POS -> a printer port.

The kiosk builds a `TicketSlip`, lays it out with `layout_ticket` (or
`ticket_format(settings).layout`), and hands the `PrintJob` to a
`TicketPrinter` from `open_printer(settings)`; tests use `FakeTicketPrinter`.

Names are loaded on first use (PEP 562): `asan-queue ticket` needs the layout, the
encoder and a transport, not the PNG preview (qrcode), the sample texts or the USB
and serial drivers, and each module costs its import at every start.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from hardware.printing.encode import job_to_bytes
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

_EXPORTS = {
    "AZ_LETTERS": "hardware.printing.samples",
    "AZ_PLACE_NAMES": "hardware.printing.samples",
    "Align": "hardware.printing.job",
    "CoverOpen": "hardware.printing.errors",
    "Cut": "hardware.printing.job",
    "EscposTicketPrinter": "hardware.printing.escpos_printer",
    "FakeTicketPrinter": "hardware.printing.fake",
    "Feed": "hardware.printing.job",
    "InfoSlip": "hardware.printing.info_slip",
    "LANGUAGES": "hardware.printing.slip",
    "Language": "hardware.printing.slip",
    "Online": "hardware.printing.status",
    "Operation": "hardware.printing.job",
    "PAPER_58MM": "hardware.printing.paper",
    "PAPER_80MM": "hardware.printing.paper",
    "Paper": "hardware.printing.status",
    "PaperOut": "hardware.printing.errors",
    "PaperSpec": "hardware.printing.paper",
    "PrintJob": "hardware.printing.job",
    "PrinterAddress": "hardware.printing.url",
    "PrinterError": "hardware.printing.errors",
    "PrinterOffline": "hardware.printing.errors",
    "PrinterStatus": "hardware.printing.status",
    "PrinterTimeout": "hardware.printing.errors",
    "PrinterUrlError": "hardware.printing.errors",
    "Qr": "hardware.printing.job",
    "READY": "hardware.printing.fake",
    "Raster": "hardware.printing.job",
    "TEST_NUMBER": "hardware.printing.samples",
    "TicketFormat": "hardware.printing.factory",
    "TicketPrinter": "hardware.printing.port",
    "TicketSlip": "hardware.printing.slip",
    "TicketWords": "hardware.printing.slip",
    "job_to_bytes": "hardware.printing.encode",
    "layout_info_slip": "hardware.printing.info_slip",
    "layout_ticket": "hardware.printing.layout",
    "load_header_image": "hardware.printing.factory",
    "open_printer": "hardware.printing.factory",
    "paper_spec": "hardware.printing.paper",
    "parse_printer_url": "hardware.printing.url",
    "render_job": "hardware.printing.preview",
    "ticket_format": "hardware.printing.factory",
    "transport_for": "hardware.printing.factory",
}


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'hardware.printing' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # the next look-up is a plain attribute
    return value


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
