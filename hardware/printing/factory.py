"""Printers and ticket formats from the settings: the transport comes from the URL only."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PIL import Image, UnidentifiedImageError

from hardware.config import PrinterSettings
from hardware.printing.capabilities import check_profile
from hardware.printing.errors import PrinterUrlError
from hardware.printing.escpos_printer import EscposTicketPrinter
from hardware.printing.file_transport import DummyTransport, FileTransport
from hardware.printing.job import Align, PrintJob, Raster
from hardware.printing.layout import layout_ticket
from hardware.printing.paper import PaperSpec, paper_spec
from hardware.printing.slip import TicketSlip
from hardware.printing.transports import NetworkTransport, SerialTransport, Transport
from hardware.printing.url import PrinterAddress, parse_printer_url
from hardware.printing.usb_transport import UsbTransport


def transport_for(address: PrinterAddress) -> Transport:
    if address.kind == "network":
        return NetworkTransport(address.host, address.port)
    if address.kind == "serial":
        return SerialTransport(
            address.device,
            address.baudrate,
            rtscts=address.rtscts,
            dsrdtr=address.dsrdtr,
            xonxoff=address.xonxoff,
        )
    if address.kind == "usb":
        return UsbTransport(address.vendor_id, address.product_id, address.in_ep, address.out_ep)
    if address.kind == "file":
        return FileTransport(address.device)
    return DummyTransport()


def open_printer(settings: PrinterSettings) -> EscposTicketPrinter:
    """The configured printer. Nothing is opened yet: a printer that is off does not
    stop the kiosk from starting; a bad URL or profile raises PrinterUrlError now."""
    address = parse_printer_url(settings.url)
    try:
        check_profile(settings.profile)
    except ValueError as exc:
        raise PrinterUrlError(f"printer profile: {exc}") from None
    return EscposTicketPrinter(
        transport_for(address),
        profile=settings.profile,
        status_timeout_s=settings.status_timeout_s,
        print_timeout_s=settings.print_timeout_s,
        require_status=settings.require_status,
    )


def load_header_image(path: str | Path, paper: PaperSpec) -> Raster:
    """A logo for the top of each ticket: scaled to fit, dithered to 1 bit."""
    try:
        with Image.open(path) as source:
            image = source.convert("L")
    except (OSError, UnidentifiedImageError) as exc:
        raise ValueError(f"header image {path}: {exc}") from None
    max_width = paper.dots - 32
    if image.width > max_width:
        height = max(1, round(image.height * max_width / image.width))
        image = image.resize((max_width, height), Image.Resampling.LANCZOS)
    return Raster.from_image(image.convert("1"), align=Align.CENTER)


@dataclass(frozen=True)
class TicketFormat:
    """Paper and header image from the settings; `layout` makes a slip's print job."""

    paper: PaperSpec
    header: Raster | None = None

    def layout(self, slip: TicketSlip) -> PrintJob:
        return layout_ticket(slip, self.paper, header=self.header)


def ticket_format(settings: PrinterSettings) -> TicketFormat:
    paper = paper_spec(settings.paper_width_mm)
    header = load_header_image(settings.header_image, paper) if settings.header_image else None
    return TicketFormat(paper, header)
