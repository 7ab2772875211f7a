"""A ticket through the network transport to the emulator, back as a PNG."""

from __future__ import annotations

from datetime import datetime

import pytest
import zxingcpp
from PIL import Image, ImageChops

from hardware.config import PrinterSettings
from hardware.emulator import PrinterEmulator
from hardware.printing import (
    PrintJob,
    Qr,
    Raster,
    TicketSlip,
    job_to_bytes,
    layout_ticket,
    open_printer,
    render_job,
)
from hardware.printing.job import Feed
from hardware.printing.preview import qr_image
from kiosk_app.services.kiosk.ticket_words import sample_slip, self_test_slip


def _qr_span(job: PrintJob) -> tuple[int, int]:
    """Where the QR code starts and ends on the paper, in dots from the top."""
    y = 0
    for op in job.operations:
        if isinstance(op, Qr):
            return y, y + qr_image(op.payload, op.module_dots, op.error_correction).height
        if isinstance(op, Raster):
            y += op.printed_size[1]
        elif isinstance(op, Feed):
            y += op.dots
    raise AssertionError("no QR code in the job")


def _print_and_fetch(emulator: PrinterEmulator, slip: TicketSlip, paper: int):
    settings = PrinterSettings(url=emulator.url, paper_width_mm=paper)
    printer = open_printer(settings)
    job = layout_ticket(slip, paper)
    printer.print_job(job)
    (printed,) = emulator.wait_for_jobs(1, timeout=5)
    return job, printed, settings


@pytest.mark.parametrize(("language", "booking"), [("az", True), ("ru", False), ("en", True)])
def test_the_printed_png_carries_the_qr_payload_and_the_reference_text(
    emulator, issued_at, language, booking
):
    slip = sample_slip(language, issued_at, booking=booking)
    job, printed, settings = _print_and_fetch(emulator, slip, 80)
    assert printed.cut
    assert printed.data == job_to_bytes(job, settings.profile)  # status queries kept apart
    assert printed.bin_path.read_bytes() == printed.data
    png = Image.open(printed.png_path)
    assert png.width == 576

    decoded = [result.text for result in zxingcpp.read_barcodes(png.convert("L"))]
    assert decoded == [slip.status_url]

    reference = render_job(job)
    top, bottom = _qr_span(job)
    text_region = (0, 0, 576, top)
    difference = ImageChops.difference(
        png.convert("L").crop(text_region), reference.convert("L").crop(text_region)
    )
    assert difference.getbbox() is None  # the text printed exactly as laid out
    # and the part under the QR (caption, date, footer) as well
    below = (0, bottom, 576, reference.height)
    assert (
        ImageChops.difference(
            png.convert("L").crop(below), reference.convert("L").crop(below)
        ).getbbox()
        is None
    )


def test_a_58mm_ticket_and_the_test_page(tmp_path, issued_at):
    with PrinterEmulator(tmp_path / "t58", paper_dots=384) as narrow:
        slip = self_test_slip(datetime(2025, 1, 1, 12, 0), "http://127.0.0.1:8080/t/test")
        job, printed, _ = _print_and_fetch(narrow, slip, 58)
    png = Image.open(printed.png_path)
    assert png.width == 384
    assert [r.text for r in zxingcpp.read_barcodes(png.convert("L"))] == [slip.status_url]
    top, _ = _qr_span(job)
    assert (
        ImageChops.difference(
            png.convert("L").crop((0, 0, 384, top)),
            render_job(job).convert("L").crop((0, 0, 384, top)),
        ).getbbox()
        is None
    )
