"""Scanners on any screen, and a printer out of paper (the real emulator):
the visitor keeps the number and QR, staff are told, a retry is the same ticket."""

from __future__ import annotations

import os
import pty
from collections.abc import Iterator
from functools import partial
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from hardware.config import PrinterSettings
from hardware.emulator import Fault, PrinterEmulator
from hardware.printing import open_printer
from hardware.scanning import OrderCodeScanner
from kiosk_app.presenters.kiosk.presenter import PrintState, Screen
from kiosk_app.presenters.kiosk.runner import InlineRunner, ThreadRunner
from kiosk_app.store import tables
from kiosk_app.ui.kiosk.poster import UiPoster
from kiosk_app.ui.kiosk.screen_ticket import TicketScreen
from kiosk_app.ui.kiosk.screens import HomeScreen
from kiosk_app.ui.kiosk.screens_menu import ListScreen
from server_sync.kernel.clock import FixedClock
from tests.gui.kiosk.conftest import Kiosk, open_kiosk, tap

pytestmark = [pytest.mark.qt_log_ignore("propagateSizeHints")]


def test_keyboard_wedge_scan_works_from_any_screen(qtbot: QtBot, kiosk: Kiosk) -> None:
    kiosk.p.choose_walk_in()
    kiosk.p.choose_agency("dmx")
    qtbot.keyClicks(kiosk.window, kiosk.codes["ok"])
    qtbot.keyClick(kiosk.window, Qt.Key.Key_Return)
    assert kiosk.p.screen is Screen.TICKET
    ticket = kiosk.window.screens[Screen.TICKET]
    assert isinstance(ticket, TicketScreen)
    assert ticket.number.text() == "A001"


def test_keys_never_leave_the_kiosk(qtbot: QtBot, kiosk: Kiosk) -> None:
    window = kiosk.window
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    qtbot.keyClick(window, Qt.Key.Key_F4, Qt.KeyboardModifier.AltModifier)
    qtbot.keyClick(window, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(window, Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier)
    assert window.isVisible()
    assert not window.close()  # a close request (Alt+F4 from the window manager) is refused
    assert window.isVisible()
    assert window.windowFlags() & Qt.WindowType.FramelessWindowHint


def test_staff_leave_with_the_pin(qtbot: QtBot, kiosk: Kiosk) -> None:
    for _ in range(5):
        tap(qtbot, kiosk.window.topbar.corner)
    staff = kiosk.window.screens[Screen.STAFF]
    assert kiosk.p.screen is Screen.STAFF
    for digit in "1234":
        tap(qtbot, staff.keypad.digits[digit])  # type: ignore[attr-defined]
    tap(qtbot, staff.exit)  # type: ignore[attr-defined]
    assert staff.error.text() == "PIN səhvdir"  # type: ignore[attr-defined]
    assert kiosk.window.isVisible()
    for digit in "4826":
        tap(qtbot, staff.keypad.digits[digit])  # type: ignore[attr-defined]
    tap(qtbot, staff.exit)  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: not kiosk.window.isVisible(), timeout=2000)


@pytest.fixture
def pty_scanner() -> Iterator[tuple[int, str]]:
    master, slave = pty.openpty()
    yield master, os.ttyname(slave)
    os.close(master)
    os.close(slave)


def test_serial_scanner_code_arrives_on_the_ui_thread(
    qtbot: QtBot, kiosk: Kiosk, pty_scanner: tuple[int, str]
) -> None:
    master, device = pty_scanner
    poster = UiPoster()
    scanner = OrderCodeScanner(device, lambda code: poster.post(partial(kiosk.p.scanned, code)))
    with scanner:
        assert scanner.wait_connected(5)
        kiosk.p.choose_code()
        kiosk.p.key_digit("7")  # someone had started typing; the scan wins
        os.write(master, f"https://queue.asan.example/o/{kiosk.codes['ok']}\r\n".encode())
        qtbot.waitUntil(lambda: kiosk.p.screen is Screen.TICKET, timeout=5000)
    assert kiosk.window.screens[Screen.TICKET].number.text() == "A001"  # type: ignore[attr-defined]


def test_printer_out_of_paper_with_the_emulator(
    qtbot: QtBot, store_url: str, clock: FixedClock, tmp_path: Path
) -> None:
    with PrinterEmulator(tmp_path / "tickets", fault=Fault.PAPER_OUT) as emulator:
        printer = open_printer(PrinterSettings(url=emulator.url, print_timeout_s=5))
        poster = UiPoster()
        runner = ThreadRunner(poster.post)
        k = open_kiosk(qtbot, store_url, clock, printer=printer, runner=runner)
        try:
            home = k.window.screens[Screen.HOME]
            assert isinstance(home, HomeScreen)
            tap(qtbot, home.walk_in)
            qtbot.waitUntil(lambda: k.p.screen is Screen.AGENCIES, timeout=5000)
            agencies = k.window.screens[Screen.AGENCIES]
            assert isinstance(agencies, ListScreen)
            tap(qtbot, agencies.panel.rows[0])  # Azərsu
            services = k.window.screens[Screen.SERVICES]
            assert isinstance(services, ListScreen)
            tap(qtbot, services.panel.rows[0])  # water
            qtbot.waitUntil(lambda: k.p.print_state is PrintState.FAILED, timeout=10000)
            ticket = k.window.screens[Screen.TICKET]
            assert isinstance(ticket, TicketScreen)
            # the visitor still has the number and its QR on screen
            assert ticket.number.text() == "H001"
            assert ticket.number.isVisible()
            assert ticket.qr.url.endswith("/baku-1/2026-11-23/H001?lang=az")
            assert ticket.qr.isVisible()
            assert "Bilet çap olunmadı" in ticket.print_text.text()
            assert k.window.status.isVisible()
            assert "Printer işləmir" in k.window.status.text()
            # staff are told: the devices table and an outbox event
            engine = k.backend.desk.engine
            with engine.connect() as conn:
                device = conn.execute(select(tables.devices)).one()
                assert device.paper == "out"
                assert device.alert == "Printer out of paper: load a new roll"
                assert (
                    conn.execute(
                        select(func.count()).where(tables.outbox.c.kind == "printer_status")
                    ).scalar_one()
                    == 1
                )
            # retry while still out of paper, then after the roll is changed
            tap(qtbot, ticket.retry)
            qtbot.waitUntil(lambda: k.p.print_state is PrintState.FAILED, timeout=10000)
            emulator.fault = Fault.NONE
            tap(qtbot, ticket.retry)
            qtbot.waitUntil(lambda: k.p.print_state is PrintState.PRINTED, timeout=10000)
            assert ticket.print_text.text() == "Bileti aşağıdakı yuvadan götürün"
            assert not ticket.retry.isVisible()
            assert len(emulator.wait_for_jobs(1, timeout=10)) == 1
            with engine.connect() as conn:
                assert (
                    conn.execute(select(func.count()).select_from(tables.tickets)).scalar_one() == 1
                )
                assert conn.execute(select(tables.devices.c.paper)).scalar_one() == "ok"
            qtbot.waitUntil(lambda: not k.window.status.isVisible(), timeout=2000)
        finally:
            k.p.quit_requested = True
            k.window.close()
            runner.stop()
            k.backend.desk.engine.dispose()


class HeldRunner(InlineRunner):
    """Holds desk jobs until released: a slow store."""

    def __init__(self) -> None:
        self.held: list[tuple[object, object]] = []

    def run(self, lane, job, done, failed=None):
        if lane == "desk":
            self.held.append((job, done))
        else:
            super().run(lane, job, done, failed)

    def release(self) -> None:
        while self.held:
            job, done = self.held.pop(0)
            done(job())  # type: ignore[operator]


def test_please_wait_shows_only_when_the_answer_is_slow(
    qtbot: QtBot, store_url: str, clock: FixedClock
) -> None:
    runner = HeldRunner()
    k = open_kiosk(qtbot, store_url, clock, runner=runner)
    try:
        home = k.window.screens[Screen.HOME]
        assert isinstance(home, HomeScreen)
        tap(qtbot, home.walk_in)
        assert k.p.screen is Screen.BUSY
        assert k.window.stack.currentWidget() is home  # no flicker for quick answers
        busy = k.window.screens[Screen.BUSY]
        qtbot.waitUntil(lambda: k.window.stack.currentWidget() is busy, timeout=2000)
        assert busy.text.text() == "Xidmətlər yüklənir…"  # type: ignore[attr-defined]
        runner.release()
        assert k.window.stack.currentWidget() is k.window.screens[Screen.AGENCIES]
    finally:
        k.p.quit_requested = True
        k.window.close()
        k.backend.desk.engine.dispose()
