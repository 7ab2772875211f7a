"""Byte-level tests of the ESC/POS stream: exact bytes for a small job, and the
same bytes python-escpos 3.1 writes for the same operations (it is the reference
our encoder was checked against, on every printer profile it knows)."""

from __future__ import annotations

from typing import Any

import pytest
from PIL import Image

from hardware.emulator import EscPosParser
from hardware.printing import (
    PAPER_58MM,
    PAPER_80MM,
    Align,
    Cut,
    Feed,
    PrintJob,
    Qr,
    Raster,
    job_to_bytes,
    layout_ticket,
)
from hardware.printing._escpos import Dummy, get_profile_class
from hardware.printing.capabilities import known_profiles
from kiosk_app.services.kiosk.ticket_words import sample_slip


def _escpos_bytes(job: PrintJob, profile: str | None) -> bytes:
    """What python-escpos writes for `job`, driven the way our first encoder drove it."""
    base = get_profile_class(profile or "default")
    data = dict(base.profile_data)
    data["media"] = {"width": {"mm": 80, "pixels": job.paper.dots}}
    printer: Any = Dummy()
    printer.profile = type("Sized", (base,), {"profile_data": data})()
    printer.hw("INIT")
    for op in job.operations:
        if isinstance(op, Raster):
            printer.set(align=op.align.value)
            dense = op.scale == 1
            printer.image(
                op.to_image(),
                high_density_vertical=dense,
                high_density_horizontal=dense,
                impl="bitImageRaster",
            )
        elif isinstance(op, Qr):
            printer.set(align=op.align.value)
            ec = {"L": 0, "M": 1, "Q": 2, "H": 3}[op.error_correction]
            printer.qr(op.payload, ec=ec, size=op.module_dots, native=True)
        elif isinstance(op, Feed):
            remaining = op.dots
            while remaining > 0:
                printer._raw(b"\x1bJ" + bytes((min(remaining, 255),)))
                remaining -= 255
        elif isinstance(op, Cut):
            printer.set(align="left")
            printer.cut(mode="PART" if op.partial else "FULL")
    return bytes(printer.output)


def _striped_raster(width: int, height: int, scale: int = 1, align: Align = Align.CENTER) -> Raster:
    image = Image.new("1", (width, height), 1)
    for y in range(0, height, 3):
        image.putpixel(((y * 7) % width, y), 0)
    return Raster.from_image(image, align=align, scale=scale)


def _tiny_raster(scale: int = 1) -> Raster:
    image = Image.new("1", (10, 2), 1)
    image.putpixel((0, 0), 0)  # top-left dot black
    image.putpixel((9, 1), 0)  # bottom-right dot black
    return Raster.from_image(image, scale=scale)


def test_a_small_job_gives_exactly_the_expected_bytes():
    job = PrintJob(
        PAPER_80MM,
        (_tiny_raster(), Feed(300), Qr("ABC", module_dots=4), Cut()),
    )
    expected = (
        b"\x1b@"  # initialise
        + b"\x1ba\x01"  # centre
        + b"\x1dv0\x00\x02\x00\x02\x00"  # GS v 0, normal density, 2 bytes x 2 rows
        + b"\x80\x00\x00\x40"  # the two black dots, MSB first
        + b"\x1bJ\xff\x1bJ\x2d"  # 300 dots of feed as 255 + 45
        + b"\x1ba\x01"
        + b"\x1d(k\x04\x001A2\x00"  # QR model 2
        + b"\x1d(k\x03\x001C\x04"  # module 4 dots
        + b"\x1d(k\x03\x001E1"  # error correction M
        + b"\x1d(k\x06\x001P0ABC"  # store the payload
        + b"\x1d(k\x03\x001Q0"  # print it
        + b"\x1ba\x00"
        + b"\x1bd\x06\x1dV\x00"  # feed past the cutter, full cut
    )
    assert job_to_bytes(job) == expected


def test_a_doubled_raster_asks_the_printer_to_scale_it():
    job = PrintJob(PAPER_80MM, (_tiny_raster(scale=2),))
    data = job_to_bytes(job)
    assert b"\x1dv0\x03\x02\x00\x02\x00\x80\x00\x00\x40" in data


@pytest.mark.parametrize("profile", [None, *known_profiles()])
def test_every_profile_gets_the_bytes_python_escpos_writes(profile, issued_at):
    """Tickets in three languages, a partial cut, a raster taller than one GS v 0
    band, doubled and left/right rasters, feeds on and off the 255-dot step, every
    QR error level: byte for byte what python-escpos writes, cutter or none."""
    tickets = [
        layout_ticket(sample_slip(lang, issued_at, booking=True), 80) for lang in ("az", "ru", "en")
    ]
    odd = PrintJob(
        PAPER_58MM,
        (
            _striped_raster(384, 2100),
            _striped_raster(100, 7, scale=2, align=Align.LEFT),
            _striped_raster(33, 5, align=Align.RIGHT),
            Feed(0),
            Feed(255),
            Feed(256),
            Feed(510),
            *(
                Qr("ƏŞ-42", module_dots=size, error_correction=level)
                for size, level in ((1, "L"), (8, "Q"), (16, "H"))
            ),
            Cut(partial=True),
        ),
    )
    for job in (*tickets, odd):
        assert job_to_bytes(job, profile) == _escpos_bytes(job, profile)


def test_a_printer_without_a_cutter_gets_no_cut_command():
    job = PrintJob(PAPER_58MM, (Feed(10), Cut()))
    assert job_to_bytes(job, "TM-U220").endswith(b"\x1bd\x06")  # fed clear, not cut
    assert job_to_bytes(job, "TM-T88V").endswith(b"\x1bd\x06\x1dV\x00")


def test_a_raster_wider_than_the_paper_is_refused():
    with pytest.raises(ValueError, match="384"):
        job_to_bytes(PrintJob(PAPER_58MM, (_striped_raster(392, 2),)))


def test_a_ticket_is_rasters_a_native_qr_and_a_cut_never_code_page_text(issued_at):
    slip = sample_slip("az", issued_at, booking=True)
    data = job_to_bytes(layout_ticket(slip, 80))
    commands = EscPosParser().feed(data)
    kinds = {c.kind for c in commands}
    assert kinds <= {"init", "align", "raster", "feed_dots", "symbol", "feed_lines", "cut"}
    assert "text" not in kinds  # no code page can carry ə, so no text is sent as characters
    stored = [c.data for c in commands if c.kind == "symbol" and c.data[1:2] == b"P"]
    assert stored == [b"1P0" + slip.status_url.encode()]
    assert commands[0].kind == "init"
    assert commands[-1].kind == "cut"


def test_a_typical_80mm_ticket_stays_under_20_kb(issued_at):
    for booking in (False, True):
        for language in ("az", "ru", "en"):
            slip = sample_slip(language, issued_at, booking=booking)
            assert len(job_to_bytes(layout_ticket(slip, 80))) <= 20_000
