"""`asan-queue printer-emulator` as a process and `asan-queue ticket --test-page` against it."""

from __future__ import annotations

import logging
import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image

from kiosk_app.cli.main import main

from .conftest import wait_until


@pytest.fixture(autouse=True)
def _plain_settings(monkeypatch):
    monkeypatch.delenv("ASANQ_CONFIG", raising=False)
    monkeypatch.delenv("ASANQ_PRINTER__URL", raising=False)
    root = logging.getLogger()
    before, level = list(root.handlers), root.level
    yield
    for handler in root.handlers:  # main() set up logging on this test's captured stderr
        if handler not in before:
            root.removeHandler(handler)
    root.setLevel(level)


def test_emulator_process_prints_the_test_page_and_stops_on_ctrl_c(tmp_path, capsys):
    out = tmp_path / "tickets"
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "kiosk_app.cli.main",
            "printer-emulator",
            "--port",
            "0",
            "--out",
            str(out),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        banner = process.stdout.readline()
        match = re.search(r"listening on 127\.0\.0\.1:(\d+)", banner)
        assert match, banner
        assert str(out.resolve()) in banner  # says where the PNGs land
        url = f"network://127.0.0.1:{match.group(1)}"

        assert main(["ticket", "--test-page", "--printer", url, "--lang", "en"]) == 0
        said = capsys.readouterr().out
        assert "Test page printed" in said
        assert f"Printer {url}: online, paper OK, cover closed" in said

        png = out / "ticket-0001.png"
        assert wait_until(png.exists)
        decoded = [r.text for r in zxingcpp.read_barcodes(Image.open(png).convert("L"))]
        assert decoded == ["http://127.0.0.1:8080/t/test"]
    finally:
        process.send_signal(signal.SIGINT)
        rest, _ = process.communicate(timeout=10)
    assert process.returncode == 0
    assert "1 ticket(s)" in rest


def test_test_page_on_a_printer_that_is_off_says_so(capsys):
    assert (
        main(["ticket", "--test-page", "--printer", "network://127.0.0.1:9", "--lang", "en"]) == 3
    )
    said = capsys.readouterr().out
    assert "offline" in said
    assert "NOT printed" in said


def test_test_page_on_the_dummy_printer_reports_unknown_status(capsys):
    assert main(["ticket", "--test-page", "--printer", "dummy://", "--lang", "en"]) == 0
    assert "status unknown" in capsys.readouterr().out


def test_a_garbled_printer_url_is_one_clear_line(capsys):
    assert main(["ticket", "--test-page", "--printer", "lpt1"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert "printer URL 'lpt1': no scheme" in err[0]


def test_ticket_needs_an_action(capsys):
    with pytest.raises(SystemExit) as caught:
        main(["ticket"])
    assert caught.value.code == 2
    assert "--test-page" in capsys.readouterr().err


def test_emulator_refuses_a_bad_port(tmp_path: Path, capsys):
    assert main(["printer-emulator", "--port", "70000", "--out", str(tmp_path)]) == 2
    assert "--port" in capsys.readouterr().err
