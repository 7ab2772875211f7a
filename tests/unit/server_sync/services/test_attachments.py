"""The QR image reads back as the order code; the .ics file is valid RFC 5545 text."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import zxingcpp
from PIL import Image

from server_sync.kernel.clock import BAKU
from server_sync.services.attachments import ics_event, qr_png


def test_qr_png_decodes_to_the_order_code() -> None:
    image = Image.open(io.BytesIO(qr_png("123456789012")))
    assert [r.text for r in zxingcpp.read_barcodes(image)] == ["123456789012"]


def test_ics_has_utc_times_escaping_and_folded_lines() -> None:
    text = ics_event(
        "x@asan",
        datetime(2026, 11, 24, 10, 0, tzinfo=BAKU),
        15,
        "ASAN: Pasportun verilməsi; növbə",
        "Bakı, Yasamal r., " + "ə" * 60,
        "Gəlin",
        datetime(2026, 11, 23, 8, 0, tzinfo=UTC),
    ).decode()
    lines = text.split("\r\n")
    assert "DTSTART:20261124T060000Z" in lines
    assert "DTEND:20261124T061500Z" in lines
    assert any(line.startswith("SUMMARY:ASAN: Pasportun verilməsi\\; növbə") for line in lines)
    assert all(len(line.encode()) <= 75 for line in lines)
    assert "LOCATION:Bakı\\, Yasamal r.\\," in text.replace("\r\n ", "")
