""" "Su borcunu öyrən" on the real kiosk window (pytest-qt): from the walk-in menu,
the subscriber code on the keypad, the answer on the screen and on a slip printed
by the printer emulator; an unknown subscriber gets its own message."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from hardware.config import PrinterSettings
from hardware.emulator import PrinterEmulator
from hardware.printing import open_printer
from kiosk_app.composition.centre import CentreContext
from kiosk_app.composition.kiosk import build_backend, build_water_desk, build_window
from kiosk_app.presenters.kiosk.ports import Screen
from kiosk_app.presenters.kiosk.runner import InlineRunner
from kiosk_app.settings import Settings
from kiosk_app.store import make_engine
from kiosk_app.ui.kiosk.window import KioskWindow
from server_sync.kernel.clock import FixedClock
from server_sync.kernel.i18n import Translator
from tests.gui.kiosk.conftest import tap
from tests.integration.kiosk.conftest import always_open

pytestmark = [pytest.mark.qt_log_ignore("propagateSizeHints")]
AZ = Translator("az")


@pytest.fixture
def emulator(tmp_path: Path) -> Iterator[PrinterEmulator]:
    with PrinterEmulator(tmp_path / "slips") as running:
        yield running


@pytest.fixture
def window(
    qtbot: QtBot, store_url: str, clock: FixedClock, emulator: PrinterEmulator
) -> Iterator[KioskWindow]:
    settings = Settings().with_overrides({"db.url": store_url, "printer.url": emulator.url})
    engine = make_engine(store_url)
    ctx = CentreContext(settings, engine, clock, always_open())
    backend = build_backend(ctx, printer=open_printer(PrinterSettings(url=emulator.url)))
    water = build_water_desk(ctx, backend)
    win, presenter = build_window(backend, settings, InlineRunner(), locked=True, water=water)
    qtbot.addWidget(win)
    win.resize(1920, 1080)
    win.show()
    qtbot.waitExposed(win)
    yield win
    presenter.quit_requested = True
    win.close()
    water.close()
    engine.dispose()
    QApplication.processEvents()


def type_code(qtbot: QtBot, win: KioskWindow, code: str) -> None:
    screen = win.screens[Screen.WATER]
    for digit in code:
        tap(qtbot, screen.keypad.digits[digit])  # type: ignore[attr-defined]


def test_water_debt_from_the_walk_in_menu_printed_on_a_slip(
    qtbot: QtBot, window: KioskWindow, emulator: PrinterEmulator, screenshot_dir: Path
) -> None:
    p = window.p
    p.choose_walk_in()
    assert p.screen is Screen.AGENCIES
    opener = window.screens[Screen.AGENCIES].water  # type: ignore[attr-defined]
    assert opener.text() == AZ("water.title")
    tap(qtbot, opener)
    assert p.screen is Screen.WATER
    type_code(qtbot, window, "1002003001")
    screen = window.screens[Screen.WATER]
    tap(qtbot, screen.ask)  # type: ignore[attr-defined]
    answer = screen.answer.text()  # type: ignore[attr-defined]
    assert "23.40 AZN" in answer
    assert "SU-558210" in answer
    job = emulator.wait_for_jobs(1, timeout=10)[0]
    assert job.cut
    qtbot.waitUntil(lambda: AZ("kiosk.water.printed") in screen.answer.text())  # type: ignore[attr-defined]
    folder = screenshot_dir / "applications"
    folder.mkdir(parents=True, exist_ok=True)
    window.grab().save(str(folder / "12-kiosk-water-screen.png"))


def test_unknown_subscriber_is_told_and_nothing_printed(
    qtbot: QtBot, window: KioskWindow, emulator: PrinterEmulator
) -> None:
    window.p.choose_walk_in()
    tap(qtbot, window.screens[Screen.AGENCIES].water)  # type: ignore[attr-defined]
    type_code(qtbot, window, "9999999999")
    screen = window.screens[Screen.WATER]
    tap(qtbot, screen.ask)  # type: ignore[attr-defined]
    assert screen.answer.text() == AZ("water.error.unknown_subscriber")  # type: ignore[attr-defined]
    assert emulator.jobs == []
