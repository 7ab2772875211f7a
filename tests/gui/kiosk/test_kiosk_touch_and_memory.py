"""Touch targets of at least 9 mm on every screen, in both orientations; and a
day's worth of screen changes and idle resets that leak neither widgets nor memory."""

from __future__ import annotations

import gc
import os
from datetime import datetime

import pytest
from PySide6.QtCore import QObject
from PySide6.QtWidgets import QApplication, QPushButton
from pytestqt.qtbot import QtBot

from kiosk_app.presenters.kiosk.presenter import KioskPresenter, Screen
from kiosk_app.ui.kiosk.theme import MIN_TOUCH_MM, px_per_mm
from server_sync.kernel.clock import FixedClock
from tests.gui.kiosk.conftest import Kiosk, open_kiosk

pytestmark = [pytest.mark.qt_log_ignore("propagateSizeHints")]


def visit_all(p: KioskPresenter, codes: dict[str, str]) -> dict[Screen, object]:
    def staff() -> None:
        for _ in range(5):
            p.staff_corner()

    return {
        Screen.HOME: p.go_home,
        Screen.CODE: p.choose_code,
        Screen.AGENCIES: p.choose_walk_in,
        Screen.SERVICES: lambda: p.choose_agency("dmx"),
        Screen.SEARCH: p.open_search,
        Screen.MESSAGE: lambda: p.scanned(codes["wrong_day"]),
        Screen.TICKET: lambda: p.scanned(codes["ok"]),
        Screen.STAFF: staff,
    }


@pytest.mark.parametrize("size", [(1920, 1080), (1080, 1920)], ids=["landscape", "portrait"])
def test_every_button_is_at_least_9_mm(
    qtbot: QtBot, store_url: str, clock: FixedClock, size: tuple[int, int]
) -> None:
    k = open_kiosk(qtbot, store_url, clock, size=size)
    try:
        mm = px_per_mm(k.window.screen())
        smallest = MIN_TOUCH_MM * mm - 0.5
        for screen, go in visit_all(k.p, k.codes).items():
            go()  # type: ignore[operator]
            QApplication.processEvents()
            assert k.p.screen is screen
            buttons = [b for b in k.window.findChildren(QPushButton) if b.isVisible() and b.text()]
            assert buttons, screen
            for b in buttons:
                assert min(b.width(), b.height()) >= smallest, (screen, b.text())
            shown = k.window.stack.currentWidget()
            need = shown.minimumSizeHint()
            assert need.height() <= shown.height(), (screen, "content does not fit")
            assert need.width() <= shown.width(), (screen, "content does not fit")
        corner = k.window.topbar.corner
        assert corner.width() >= smallest
        assert corner.height() >= smallest
    finally:
        k.p.quit_requested = True
        k.window.close()
        k.backend.desk.engine.dispose()


def rss_kb() -> int:
    with open(f"/proc/{os.getpid()}/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") // 1024


def test_a_thousand_screen_changes_and_idle_resets_do_not_leak(qtbot: QtBot, kiosk: Kiosk) -> None:
    p, app = kiosk.p, QApplication.instance()
    assert app is not None

    def cycle(i: int) -> None:
        # 10 screen changes: keypad and idle reset, menu browsing, search, language
        p.choose_code()
        for d in "12345":
            p.key_digit(d)
        kiosk.advance(46)
        p.tick()  # idle reset: home, partial code cleared
        assert p.screen is Screen.HOME
        assert p.entry.empty
        p.set_language(("ru", "en", "az")[i % 3])
        p.choose_walk_in()
        p.choose_agency("dmx")
        p.back()
        p.open_search()
        p.search_key("S")
        p.back()
        p.go_home()
        p.staff_corner()
        QApplication.processEvents()

    for i in range(20):  # warm up caches (fonts, styles, QR)
        cycle(i)
    gc.collect()
    widgets_before = len(QApplication.allWidgets())
    objects_before = len(kiosk.window.findChildren(QObject))
    rss_before = rss_kb()
    for i in range(100):  # 100 cycles x 10 changes = 1,000 screen changes, 100 idle resets
        cycle(i)
    gc.collect()
    QApplication.processEvents()
    assert len(QApplication.allWidgets()) == widgets_before
    assert len(kiosk.window.findChildren(QObject)) == objects_before
    grown = rss_kb() - rss_before
    assert grown < 6_000, f"RSS grew by {grown} kB over 1,000 screen changes"
    assert kiosk.clock.now() == datetime(2026, 11, 23, 10, 0, tzinfo=kiosk.clock.now().tzinfo)
