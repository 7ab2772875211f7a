"""IT pushes reach a running kiosk: push, one sync round, the open window follows
(real central service on loopback, real agent, real centre store, the real kiosk)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from hardware.printing import FakeTicketPrinter
from kiosk_app.composition.centre import CentreContext, open_centre
from kiosk_app.composition.kiosk import build_backend, build_window, follow_config
from kiosk_app.presenters.kiosk.presenter import KioskPresenter, Screen
from kiosk_app.presenters.kiosk.runner import InlineRunner
from kiosk_app.settings import Settings
from kiosk_app.ui.kiosk.poster import UiPoster
from kiosk_app.ui.kiosk.screens import HomeScreen
from kiosk_app.ui.kiosk.window import KioskWindow
from server_sync.it.config_push import push_hours, push_settings
from server_sync.it.overview import push_history
from tests.factories import WEEK
from tests.gui.kiosk.conftest import tap
from tests.integration.sync.conftest import World, build_world

pytestmark = [pytest.mark.qt_log_ignore("propagateSizeHints")]
AFTERNOON_ONLY = {"hours": {**WEEK, "mon": [["14:00", "19:00"]]}}  # Monday 10:00: closed


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    yield from build_world(
        f"sqlite:///{tmp_path / 'central.db'}", f"sqlite:///{tmp_path / 'centre.db'}"
    )


def open_running_kiosk(
    qtbot: QtBot, world: World
) -> tuple[CentreContext, KioskWindow, KioskPresenter]:
    url = world.centre.url.render_as_string(hide_password=False)
    settings = Settings().with_overrides({"db.url": url})
    ctx = open_centre(settings, world.centre_clock)
    backend = build_backend(ctx, printer=FakeTicketPrinter())
    window, presenter = build_window(backend, settings, InlineRunner(), locked=False)
    poster = UiPoster()
    follow_config(ctx, backend, presenter, poster.post, interval_s=0.1)
    window._poster = poster  # type: ignore[attr-defined]  # lives as long as the window
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    return ctx, window, presenter


def walk_in(qtbot: QtBot, window: KioskWindow, p: KioskPresenter) -> Screen:
    home = window.screens[Screen.HOME]
    assert isinstance(home, HomeScreen)
    tap(qtbot, home.walk_in)
    return p.screen


def applied(world: World, push_id: int) -> bool:
    history = {h.id: h for h in push_history(world.central, ["baku-1"])}
    return "baku-1" in history[push_id].applied


def test_an_hours_push_reaches_the_open_kiosk_in_one_round(
    qtbot: QtBot, world: World, screenshot_dir: Path
) -> None:
    now = world.central_clock.now()
    push_hours(world.central, AFTERNOON_ONLY, "baku-1", now)
    world.agent().run_round()
    ctx, window, p = open_running_kiosk(qtbot, world)
    try:
        assert walk_in(qtbot, window, p) is Screen.MESSAGE
        assert p.message is not None
        assert p.message.title == "Mərkəz hazırda bağlıdır"
        window.grab().save(str(screenshot_dir / "live-config-closed.png"))
        opened = push_hours(world.central, {"hours": WEEK}, "baku-1", now)
        agent = world.agent()
        agent.run_round()  # one round: the centre store holds the new hours
        # the open window leaves "closed" by itself and the walk-in menu opens
        qtbot.waitUntil(lambda: p.screen is Screen.HOME, timeout=5000)
        assert walk_in(qtbot, window, p) is Screen.AGENCIES
        window.grab().save(str(screenshot_dir / "live-config-open.png"))
        # IT hears "applied" once the kiosk runs it (its next heartbeat)
        qtbot.waitUntil(lambda: (agent.run_round(), applied(world, opened))[1], timeout=5000)
        # a settings push: the kiosk's idle time changes without a restart
        idle = push_settings(world.central, {"kiosk": {"idle_seconds": 7}}, "baku-1", now)
        agent.run_round()
        qtbot.waitUntil(lambda: p.options.idle_seconds == 7, timeout=5000)
        assert ctx.settings.kiosk.idle_seconds == 7
        qtbot.waitUntil(lambda: (agent.run_round(), applied(world, idle))[1], timeout=5000)
    finally:
        p.quit_requested = True
        window.close()
        ctx.close()
        QApplication.processEvents()
