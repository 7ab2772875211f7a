"""The PDF report, rendered to PNG by pdftoppm, shows the day's figures."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from kiosk_app.presenters.staff.manager import chart_data
from kiosk_app.services.staff.reports import build_report
from kiosk_app.ui.staff.report_pdf import write_pdf
from server_sync.kernel.i18n import Translator
from tests.factories import catalogue
from tests.integration.staff.conftest import Centre
from tests.integration.staff.test_dashboard_reports import small_day

pytestmark = [
    pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils not installed"),
]


def test_pdf_pages_show_the_figures_and_the_chart(
    qtbot: QtBot, centre: Centre, tmp_path: Path
) -> None:
    small_day(centre)
    report = build_report(
        centre.engine,
        catalogue(),
        "baku-1",
        date(2026, 11, 23),
        date(2026, 11, 23),
        target_wait_minutes=15,
    )
    pdf = tmp_path / "r.pdf"
    write_pdf(report, pdf, chart_data(report.figures, Translator()), centre.clock.now())
    subprocess.run(["pdftoppm", "-r", "50", "-png", str(pdf), str(tmp_path / "p")], check=True)
    pages = sorted(tmp_path.glob("p-*.png"))
    assert len(pages) == 2  # figures and chart; tickets
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Növbə hesabatı" in text
    assert "Bakı 1 nömrəli" in text
    lines = {" ".join(line.split()) for line in text.splitlines()}
    assert "Verilmiş biletlər 4" in lines
    assert "Xidmət göstərilib 2" in lines
    assert "Çağırılıb gəlməyənlər 1 (33,3%)" in lines
    assert "Orta gözləmə, dəq. 12,3" in lines
    assert "15 dəq. ərzində qəbul 100,0%" in lines
    assert "hədəf 15 dəq." in text  # the chart's target line label
    assert "A003" in text
    from PIL import Image

    with Image.open(pages[0]) as img:
        colours = img.convert("RGB").getcolors(1_000_000) or []
    assert any(rgb == (11, 92, 171) for _, rgb in colours)  # the curve's blue


def test_a_range_pdf_names_services_and_writes_azerbaijani_numbers(
    qtbot: QtBot, centre: Centre, tmp_path: Path
) -> None:
    small_day(centre)
    cat = catalogue()
    report = build_report(
        centre.engine, cat, "baku-1", date(2026, 11, 22), date(2026, 11, 23), target_wait_minutes=15
    )
    pdf = tmp_path / "r.pdf"
    write_pdf(report, pdf, chart_data(report.figures, Translator()), centre.clock.now())
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    lines = [" ".join(line.split()) for line in text.splitlines()]
    tickets = [line for line in lines if line.startswith("2026-11-23 A0")]
    assert tickets, text
    ids = set(cat.services)
    names = {s.name("az") for s in cat.services.values()}
    for line in tickets:
        words = line.split()
        assert not ids & set(words), line  # a service id, not its name
        assert any(name.split()[0] in words for name in names), line
    day = next(line for line in lines if line.startswith("2026-11-23 4 "))
    assert "." not in day.removeprefix("2026-11-23"), day  # 12,3 not 12.3
    assert "," in day, day
