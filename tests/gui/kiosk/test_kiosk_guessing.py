"""Guessing at the real kiosk window: five unknown codes typed on the keypad bring up
the cool-down screen (walk-in still offered), in az/ru/en; the exit PIN's lock
survives a restart of the kiosk. Screenshots go to `screenshot_dir`."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from kiosk_app.presenters.kiosk.presenter import Screen
from kiosk_app.ui.kiosk.screens import MessageScreen
from server_sync.kernel.order_codes import generate_order_code
from tests.gui.kiosk.conftest import PIN, Kiosk, open_kiosk, tap
from tests.gui.kiosk.test_kiosk_flows import shown, type_on_keypad

# the offscreen platform's note when a window is grabbed or shown a second time
pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def test_five_unknown_codes_show_the_cool_down_screen(
    qtbot: QtBot, kiosk: Kiosk, screenshot_dir: Path
) -> None:
    for _ in range(5):
        kiosk.p.go_home()
        screen = type_on_keypad(qtbot, kiosk, generate_order_code())
        tap(qtbot, screen.confirm)
    message = kiosk.window.screens[Screen.MESSAGE]
    assert isinstance(message, MessageScreen)
    assert shown(kiosk) is Screen.MESSAGE
    assert message.title.text() == "Bir az gözləyin"
    assert "təxminən 2 dəq" in message.body.text()
    labels = [b.text() for b in message.buttons if b.isVisible()]
    assert "Canlı növbəyə bilet" in labels
    for lang in ("az", "ru", "en"):
        tap(qtbot, kiosk.window.topbar.langs[lang])
        kiosk.window.grab().save(str(screenshot_dir / f"kiosk_cooling_{lang}.png"))
    assert message.title.text() == "Please wait a little"
    kiosk.p.go_home()
    screen = type_on_keypad(qtbot, kiosk, kiosk.codes["ok"])  # even a real code waits
    tap(qtbot, screen.confirm)
    assert shown(kiosk) is Screen.MESSAGE


def test_the_exit_pin_lock_survives_a_restart(qtbot: QtBot, kiosk: Kiosk, store_url: str) -> None:
    p = kiosk.p
    for _ in range(5):
        p.staff_corner()
    for _ in range(5):
        for d in "9999":
            p.staff_digit(d)
        p.staff_submit()
    assert "gözləyin" in p.staff_error_text
    kiosk.window.close()
    again = open_kiosk(qtbot, store_url, kiosk.clock)  # the kiosk was restarted
    for _ in range(5):
        again.p.staff_corner()
    for d in PIN:  # the right PIN, still refused while the lock holds
        again.p.staff_digit(d)
    again.p.staff_submit()
    assert not again.p.quit_requested
    assert "gözləyin" in again.p.staff_error_text
