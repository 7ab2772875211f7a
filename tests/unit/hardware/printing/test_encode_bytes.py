"""Byte-level tests of the ESC/POS stream, written through python-escpos's Dummy."""

from __future__ import annotations

from PIL import Image

from hardware.emulator import EscPosParser
from hardware.printing import (
    PAPER_80MM,
    Cut,
    Feed,
    PrintJob,
    Qr,
    Raster,
    emit_job,
    job_to_bytes,
    layout_ticket,
)
from hardware.printing._escpos import Dummy
from hardware.printing.encode import escpos_profile
from kiosk_app.services.kiosk.ticket_words import sample_slip


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


def test_emit_job_drives_any_escpos_printer_object(issued_at):
    job = layout_ticket(sample_slip("az", issued_at), 80)
    dummy = Dummy()
    dummy.profile = escpos_profile("TM-T88V", 576)
    emit_job(job, dummy)
    assert dummy.output == job_to_bytes(job, "TM-T88V")


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
