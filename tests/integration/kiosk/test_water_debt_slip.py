"""The kiosk's "Su borcunu öyrən": the answer printed on a slip by the printer
emulator (real ESC/POS bytes, rendered to PNG); an unknown subscriber and a slow
agency each get their message, and the kiosk stops waiting at its limit."""

from __future__ import annotations

import shutil
import threading
import time
from collections.abc import Iterator
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from hardware.config import PrinterSettings
from hardware.emulator import PrinterEmulator
from hardware.printing import open_printer
from kiosk_app.services.kiosk.water_debt import WaterDebtKiosk
from server_sync.kernel.clock import BAKU, FixedClock
from server_sync.services.water_debt import DemoWaterDebt, HttpWaterDebt


@pytest.fixture
def emulator(tmp_path: Path) -> Iterator[PrinterEmulator]:
    with PrinterEmulator(tmp_path / "slips") as running:
        yield running


def kiosk(emulator: PrinterEmulator, lookup: object = None, limit_s: float = 4.0) -> WaterDebtKiosk:
    printer = open_printer(PrinterSettings(url=emulator.url, paper_width_mm=80))
    return WaterDebtKiosk(
        lookup or DemoWaterDebt(),  # type: ignore[arg-type]
        printer,
        80,
        'Bakı 1 nömrəli "ASAN xidmət" mərkəzi',
        FixedClock(datetime(2026, 11, 23, 10, 5, tzinfo=BAKU)),
        limit_s,
    )


def test_the_answer_is_printed_on_a_slip(emulator: PrinterEmulator, screenshot_dir: Path) -> None:
    desk = kiosk(emulator)
    answer = desk.ask("1002003001", "household")
    assert answer.debt is not None
    assert str(answer.debt.debt_azn) == "23.40"
    assert desk.print_answer(answer.debt, "az")
    job = emulator.wait_for_jobs(1, timeout=10)[0]
    assert job.cut
    assert len(job.data) > 1000  # the rasterised lines
    folder = screenshot_dir / "applications"
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(job.png_path, folder / "11-kiosk-water-slip.png")
    desk.close()


def test_unknown_subscriber_and_bad_code_are_told(emulator: PrinterEmulator) -> None:
    desk = kiosk(emulator)
    assert desk.ask("9999999999", "household").failure == "water.error.unknown_subscriber"
    assert desk.ask("12ab", "household").failure == "water.error.code_format"
    desk.close()


class Slow(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        time.sleep(3)
        try:
            self.send_response(500)
            self.end_headers()
        except BrokenPipeError:
            pass

    def log_message(self, *_args: object) -> None:
        pass


def test_a_slow_agency_never_holds_the_kiosk(emulator: PrinterEmulator) -> None:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Slow)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        # the adapter's own timeout is long; the kiosk's limit still holds
        lookup = HttpWaterDebt(f"http://127.0.0.1:{server.server_address[1]}", timeout_s=10)
        desk = kiosk(emulator, lookup, limit_s=1.0)
        started = time.monotonic()
        assert desk.ask("1002003001", "household").failure == "water.error.agency_timeout"
        assert time.monotonic() - started < 2.0
        desk.close()
    finally:
        server.shutdown()
        server.server_close()
