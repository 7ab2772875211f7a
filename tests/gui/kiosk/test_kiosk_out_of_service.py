"""A kiosk whose store is damaged in the middle of the day (issue 11, item 5): the
next visitor's tap shows the out-of-service screen in az/ru/en (never a traceback,
never a "try again" that cannot work), it stays there through idle resets, staff
are alerted, and the kiosk comes back by itself once the store is restored."""

from __future__ import annotations

import logging
import os
import random
import shutil
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kiosk_app.presenters.kiosk.presenter import Screen
from kiosk_app.services.kiosk.backend import STORE_DAMAGED_ALERT
from kiosk_app.store import read_tx
from kiosk_app.store.device_repo import list_devices
from kiosk_app.store.engine import sqlite_path
from kiosk_app.ui.kiosk.screens import HomeScreen, OutOfServiceScreen
from server_sync.kernel.clock import FixedClock
from tests.gui.kiosk.conftest import open_kiosk, tap

SHOTS = Path("/tmp/shots/hardening")
pytestmark = [pytest.mark.qt_log_ignore("propagateSizeHints")]


def _damage(path: Path) -> None:
    """Garbage over every page but the first (the schema survives, the data not)."""
    size = path.stat().st_size
    with path.open("r+b") as f:
        f.seek(4096)
        f.write(random.Random(5).randbytes(size - 4096))


def test_a_store_damaged_mid_day_puts_the_kiosk_out_of_service(
    qtbot: QtBot, store_url: str, clock: FixedClock, caplog: pytest.LogCaptureFixture
) -> None:
    kiosk = open_kiosk(qtbot, store_url, clock)
    p, window = kiosk.p, kiosk.window
    path = sqlite_path(store_url)
    assert path is not None
    good = path.with_name("good-copy.db")
    try:
        tap(qtbot, window.screens[Screen.HOME].walk_in)  # type: ignore[attr-defined]
        assert p.screen is Screen.AGENCIES
        p.go_home()

        kiosk.backend.desk.engine.dispose()  # last connection: WAL checkpointed
        shutil.copy(path, good)
        _damage(path)

        with caplog.at_level(logging.ERROR, logger="asanq.kiosk"):
            home = window.screens[Screen.HOME]
            assert isinstance(home, HomeScreen)
            tap(qtbot, home.walk_in)
        assert p.screen is Screen.OUT_OF_SERVICE
        screen = window.screens[Screen.OUT_OF_SERVICE]
        assert isinstance(screen, OutOfServiceScreen)
        assert window.stack.currentWidget() is screen
        assert screen.title.text() == "Kiosk müvəqqəti işləmir"
        assert "əməkdaşa" in screen.text.text()
        assert [t.text() for t, _ in screen.others] == [
            "Киоск временно не работает",
            "This kiosk is out of service",
        ]
        SHOTS.mkdir(parents=True, exist_ok=True)
        window.grab().save(str(SHOTS / "kiosk_out_of_service.png"))
        # staff are told: the log line for IT's journal, the alert for the devices row
        assert any("out of service" in r.getMessage() for r in caplog.records)
        assert not any(r.exc_info for r in caplog.records)
        assert kiosk.backend.printing.kiosk_alert == STORE_DAMAGED_ALERT

        # an idle reset or a tap on the screen does not lead back to a working look
        kiosk.advance(120)
        p.tick()
        assert p.screen is Screen.OUT_OF_SERVICE
        p.go_home()
        assert p.screen is Screen.OUT_OF_SERVICE

        # IT restores the store: the next health poll finds it sound, the kiosk is back
        kiosk.backend.desk.engine.dispose()
        shutil.copy(good, path)
        for suffix in ("-wal", "-shm"):
            if os.path.exists(f"{path}{suffix}"):
                os.remove(f"{path}{suffix}")
        kiosk.advance(10)
        p.tick()
        QApplication.processEvents()
        assert p.screen is Screen.HOME
        assert kiosk.backend.printing.kiosk_alert is None
        with read_tx(kiosk.backend.desk.engine) as conn:
            mine = [d for d in list_devices(conn) if d.device_id == "kiosk-1"]
        assert mine
        assert mine[0].alert is None
    finally:
        p.quit_requested = True
        window.close()
        kiosk.backend.desk.engine.dispose()
        QApplication.processEvents()


def test_the_alert_reaches_the_devices_row_when_the_store_can_still_write(
    qtbot: QtBot, store_url: str, clock: FixedClock
) -> None:
    """Damage only some pages can still let the kiosk's row be written: staff's
    management screen and IT's heartbeat then show the out-of-service alert."""
    from sqlalchemy.exc import DatabaseError

    kiosk = open_kiosk(qtbot, store_url, clock)
    try:
        error = DatabaseError("SELECT 1", {}, Exception("database disk image is malformed"))
        result = kiosk.backend._store_down(error)
        assert result.damaged
        with read_tx(kiosk.backend.desk.engine) as conn:
            mine = [d for d in list_devices(conn) if d.device_id == "kiosk-1"]
        assert mine[0].alert == STORE_DAMAGED_ALERT
    finally:
        kiosk.p.quit_requested = True
        kiosk.window.close()
        kiosk.backend.desk.engine.dispose()
        QApplication.processEvents()
