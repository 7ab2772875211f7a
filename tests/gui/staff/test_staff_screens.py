"""The staff console's widgets, offscreen: sign-in, counter, management screen."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton

from kiosk_app.domain.counter import CounterAction
from kiosk_app.presenters.staff.console import StaffConsole
from kiosk_app.ui.staff.counter import CounterWidget
from kiosk_app.ui.staff.manager import ManagerWidget
from kiosk_app.ui.staff.window import StaffWindow
from server_sync.kernel.i18n import Translator
from tests.unit.kiosk_app.presenters.staff.fakes import FakeAuth
from tests.unit.kiosk_app.presenters.staff.test_presenters import Screens

pytestmark = [pytest.mark.qt_log_ignore("propagateSizeHints")]
TR = Translator("az")


def texts(widget: object) -> list[str]:
    labels = widget.findChildren(QLabel)  # type: ignore[attr-defined]
    return [w.text() for w in labels if w.isVisibleTo(widget)]


def cell(table: Any, row: int, column: int) -> str:
    item = table.item(row, column)
    return "" if item is None else str(item.text())


def sign_in(qtbot: Any, user: str, secret: str) -> StaffWindow:
    console = StaffConsole(FakeAuth(), Screens(), TR)
    window = StaffWindow(console, 'Bakı 1 nömrəli "ASAN xidmət" mərkəzi', refresh_seconds=60)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    qtbot.keyClicks(window.signin.username, user)
    qtbot.keyClicks(window.signin.secret, secret)
    qtbot.keyClick(window.signin.secret, Qt.Key.Key_Return)
    return window


def test_wrong_password_shows_a_message_and_clears_the_field(qtbot: Any) -> None:
    window = sign_in(qtbot, "aysel", "0000")
    assert window.signin.error.text() == "İstifadəçi adı və ya şifrə yanlışdır"
    assert window.signin.secret.text() == ""
    assert window.current is None


def test_operator_works_the_counter_with_buttons(qtbot: Any) -> None:
    window = sign_in(qtbot, "aysel", "4321")
    screen = window.current
    assert isinstance(screen, CounterWidget)
    assert screen.title.text() == "Pəncərə 2"
    call = screen.buttons[CounterAction.CALL_NEXT]
    assert not call.isEnabled()  # closed counter
    qtbot.mouseClick(screen.open_close, Qt.MouseButton.LeftButton)
    assert screen.state.text() == "Açıqdır"
    assert call.isEnabled()
    qtbot.mouseClick(call, Qt.MouseButton.LeftButton)
    assert screen.ticket.text() == "A001"
    assert screen.message.text() == "A001 çağırıldı"
    qtbot.waitUntil(lambda: "AZE*****678" in texts(screen), timeout=1000)
    assert screen.reveal.isVisibleTo(screen)
    qtbot.mouseClick(screen.reveal, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "AZE12345678" in texts(screen), timeout=1000)
    assert not call.isEnabled()
    assert not screen.open_close.isEnabled()  # cannot close with a visitor at the desk
    qtbot.mouseClick(screen.buttons[CounterAction.START], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(screen.buttons[CounterAction.FINISH], Qt.MouseButton.LeftButton)
    assert screen.message.text() == "A001: xidmət bitdi"
    assert screen.ticket.text() == "—"
    assert "AZE12345678" not in texts(screen)
    menu = screen.transfer_menu()
    assert [a.text() for a in menu.actions()] == ["Başqa xidmətə", "Başqa pəncərəyə"]
    qtbot.mouseClick(screen.sign_out, Qt.MouseButton.LeftButton)
    assert window.current is None
    assert window.stack.currentWidget() is window.signin


def test_operator_puts_a_returning_no_show_back_in_line(qtbot: Any, screenshot_dir: Any) -> None:
    window = sign_in(qtbot, "aysel", "4321")
    screen = window.current
    assert isinstance(screen, CounterWidget)
    qtbot.mouseClick(screen.open_close, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(screen.buttons[CounterAction.CALL_NEXT], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(screen.buttons[CounterAction.NO_SHOW], Qt.MouseButton.LeftButton)
    assert screen.requeue.text() == "Növbəyə qaytar"
    qtbot.keyClicks(screen.requeue_number, "A009")
    qtbot.mouseClick(screen.requeue, Qt.MouseButton.LeftButton)
    assert screen.message.text() == "Bu gün belə nömrəli gəlməyən bilet yoxdur"
    assert screen.requeue_number.text() == "A009"  # kept, to correct it
    screen.requeue_number.clear()
    qtbot.keyClicks(screen.requeue_number, "a001")
    qtbot.keyClick(screen.requeue_number, Qt.Key.Key_Return)
    assert screen.message.text() == "A001 yenidən növbəyə qaytarıldı"
    assert screen.requeue_number.text() == ""
    window.grab().save(str(screenshot_dir / "staff-counter-requeue.png"))


def test_manager_sees_alerts_queues_tiles_and_report_buttons(qtbot: Any) -> None:
    window = sign_in(qtbot, "rauf", "9999")
    screen = window.current
    assert isinstance(screen, ManagerWidget)
    qtbot.waitUntil(lambda: "1\nA007\naysel" in texts(screen), timeout=1000)
    labels = texts(screen)
    assert "⚠ kiosk-2 — Kağız qurtarıb, Printer əlçatan deyil" in labels
    assert cell(screen.queues, 0, 0) == "A · Pasportun verilməsi"
    assert cell(screen.devices, 1, 2) == "Yoxdur"
    assert "1\nA007\naysel" in labels
    assert screen.csv.isVisibleTo(screen)
    assert screen.pdf.isVisibleTo(screen)
    image = screen.chart.grab().toImage()
    blue = sum(
        1
        for x in range(image.width())
        for y in range(image.height())
        if image.pixelColor(x, y).name() == "#0b5cab"
    )
    assert blue > 20  # the point of the curve is drawn


def test_it_staff_get_the_management_screen_without_reports(qtbot: Any) -> None:
    window = sign_in(qtbot, "nigar", "5555")
    screen = window.current
    assert isinstance(screen, ManagerWidget)
    assert not screen.csv.isVisibleTo(screen)
    assert all(isinstance(b, QPushButton) for b in (screen.csv, screen.pdf))
