"""The reception notice's Code 128 barcode scans back as the order code it was made for,
whatever digits the code starts with (python-barcode 0.16.1 dropped a leading "99")."""

from __future__ import annotations

import io
import random

import pytest
import zxingcpp
from PIL import Image

from server_sync.services.receptions.notice import barcode_png


def scanned(png: bytes) -> list[str]:
    return [found.text for found in zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))]


@pytest.mark.parametrize("code", ["997138266165", "990000000000", "999999999999", "099712345678"])
def test_a_code_that_starts_with_99_scans_whole(code: str) -> None:
    assert scanned(barcode_png(code)) == [code]


def test_two_hundred_random_order_codes_scan_back_unchanged() -> None:
    rng = random.Random(2026)
    codes = [f"{rng.randrange(10**12):012d}" for _ in range(200)]
    assert [scanned(barcode_png(code)) for code in codes] == [[code] for code in codes]


def test_every_bar_is_a_whole_number_of_pixels_so_the_page_shows_it_unscaled() -> None:
    picture = Image.open(io.BytesIO(barcode_png("123456789012"))).convert("L")
    row = [picture.getpixel((x, picture.height // 2)) for x in range(picture.width)]
    runs: list[int] = []
    for x, value in enumerate(row):
        if x and (value < 128) == (row[x - 1] < 128):
            runs[-1] += 1
        else:
            runs.append(1)
    assert {run % 3 for run in runs[1:-1]} == {0}  # 3 px per module, quiet zones aside


@pytest.mark.parametrize("dpi", [72, 110, 150, 300])
def test_the_notice_pdf_barcode_scans_at_every_usual_resolution(dpi: int, tmp_path) -> None:
    """The PDF draws its bars as rectangles: a picture of them, scaled to the page, failed
    to scan for one code in 60 at 110 and 150 dpi."""
    import subprocess

    from server_sync.services.receptions.notice import NoticeFacts, notice_pdf

    rng = random.Random(dpi)
    for n in range(12):
        code = f"{rng.randrange(10**12):012d}"
        facts = NoticeFacts(*(["x"] * 11), code=code)  # type: ignore[arg-type]
        pdf = tmp_path / f"{n}.pdf"
        pdf.write_bytes(notice_pdf(facts, "az"))
        subprocess.run(
            ["pdftoppm", "-r", str(dpi), "-png", "-singlefile", str(pdf), str(tmp_path / "p")],
            check=True,
        )
        found = zxingcpp.read_barcodes(Image.open(tmp_path / "p.png"))
        assert [b.text for b in found] == [code], (dpi, code)
