"""Render the sample tickets to PNG (var/samples/) to look at them as a visitor would.

Each ticket goes the real way: slip -> layout -> ESC/POS bytes -> the emulator's
renderer, so the PNG shows what the printer would print. 80 and 58 mm, az/ru/en,
walk-in and online booking, plus the staff test page.

    .venv/bin/python bench/render_samples.py [OUT_DIR]
"""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from hardware.emulator import render_escpos
from hardware.printing import job_to_bytes, layout_ticket
from kiosk_app.services.kiosk.ticket_words import all_samples, self_test_slip


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    issued_at = datetime(2025, 11, 24, 9, 5, tzinfo=ZoneInfo("Asia/Baku"))
    slips = {
        **all_samples(issued_at),
        "test-page": self_test_slip(issued_at, "http://127.0.0.1:8080/t/test"),
    }
    for width in (80, 58):
        for name, slip in slips.items():
            data = job_to_bytes(layout_ticket(slip, width))
            (page,) = render_escpos(data, paper_dots=576 if width == 80 else 384)
            path = out / f"{width}mm-{name}.png"
            page.save(path)
            print(f"{path}  {len(data):6d} bytes")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("var/samples"))
