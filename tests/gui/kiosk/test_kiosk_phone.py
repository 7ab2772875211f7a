"""A walk-in types a mobile number for "your turn is near" (issue 15): the optional
screen after the service, in az, ru and en, and the request stored with the ticket."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from kiosk_app.presenters.kiosk.presenter import Screen
from kiosk_app.store import read_tx, tables
from kiosk_app.ui.kiosk.screen_entry import PhoneScreen
from kiosk_app.ui.kiosk.screens_menu import ListScreen
from server_sync.kernel.clock import FixedClock
from tests.gui.kiosk.conftest import Kiosk, open_kiosk, tap
from tests.gui.kiosk.test_kiosk_flows import home, shown

pytestmark = [pytest.mark.qt_log_ignore("propagateSizeHints")]


@pytest.fixture
def kiosk(qtbot: QtBot, store_url: str, clock: FixedClock, tmp_path: Path) -> Iterator[Kiosk]:
    k = open_kiosk(qtbot, store_url, clock, overrides={"sms.url": f"file://{tmp_path / 'sms'}"})
    yield k
    k.p.quit_requested = True
    k.window.close()
    k.backend.desk.engine.dispose()
    QApplication.processEvents()


def to_phone(qtbot: QtBot, k: Kiosk) -> PhoneScreen:
    tap(qtbot, home(k).walk_in)
    agencies = k.window.screens[Screen.AGENCIES]
    assert isinstance(agencies, ListScreen)
    tap(qtbot, agencies.panel.rows[1])
    services = k.window.screens[Screen.SERVICES]
    assert isinstance(services, ListScreen)
    tap(qtbot, services.panel.rows[0])
    screen = k.window.screens[Screen.PHONE]
    assert isinstance(screen, PhoneScreen)
    assert shown(k) is Screen.PHONE
    return screen


@pytest.mark.parametrize("lang", ["az", "ru", "en"])
def test_a_walk_in_types_a_phone_and_takes_the_ticket(
    qtbot: QtBot, kiosk: Kiosk, lang: str, screenshot_dir: Path
) -> None:
    kiosk.p.set_language(lang)
    screen = to_phone(qtbot, kiosk)
    tr = kiosk.p.tr
    assert screen.title.text() == tr("kiosk.phone.title")
    assert screen.skip.text() == tr("kiosk.phone.skip")
    assert not screen.confirm.isEnabled()
    for digit in "0701234567":
        tap(qtbot, screen.keypad.digits[digit])
    assert screen.display.text() == "070 123 45 67"
    folder = screenshot_dir / "kiosk-phone"
    folder.mkdir(parents=True, exist_ok=True)
    assert kiosk.window.grab().save(str(folder / f"{lang}-phone.png"))
    tap(qtbot, screen.confirm)
    assert shown(kiosk) is Screen.TICKET
    with read_tx(kiosk.backend.desk.engine) as conn:
        asked = conn.execute(select(tables.turn_notices.c.phone)).scalars().all()
    assert asked == ["+994701234567"]


def test_a_landline_is_refused_on_the_screen_and_skip_still_gives_a_ticket(
    qtbot: QtBot, kiosk: Kiosk
) -> None:
    screen = to_phone(qtbot, kiosk)
    for digit in "0124987654":
        tap(qtbot, screen.keypad.digits[digit])
    tap(qtbot, screen.confirm)
    assert screen.error.text() == kiosk.p.tr("booking.error.phone_not_mobile")
    tap(qtbot, screen.skip)
    assert shown(kiosk) is Screen.TICKET
    with read_tx(kiosk.backend.desk.engine) as conn:
        assert conn.execute(select(tables.turn_notices)).all() == []
