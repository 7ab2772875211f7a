"""The kiosk's systemd watchdog on a real window and a real `$NOTIFY_SOCKET`: READY=1
after the first frame, WATCHDOG=1 from the UI thread while the store answers; a
stalled UI thread or a desk lane stuck in the store stops the pings."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from hardware.printing import FakeTicketPrinter
from kiosk_app.composition.centre import CentreContext
from kiosk_app.composition.kiosk import build_backend, build_window
from kiosk_app.presenters.kiosk.health import STORE_ANSWER_MAX_AGE_S, healthy
from kiosk_app.presenters.kiosk.runner import InlineRunner
from kiosk_app.settings import Settings
from kiosk_app.store import make_engine
from kiosk_app.ui.kiosk.watchdog import attach_watchdog
from server_sync.kernel.clock import FixedClock
from server_sync.ops.notify import Notifier
from tests.integration.kiosk.conftest import always_open
from tests.unit.server_sync.ops.notify_socket import NotifySocket

PING_S = 0.05
pytestmark = [pytest.mark.qt_log_ignore("propagateSizeHints")]


class DeskCanHang:
    """Runs every job at once, until told that the desk lane (the store) hangs."""

    def __init__(self) -> None:
        self.inline = InlineRunner()
        self.hung = False

    def run(self, lane: str, job: Callable[[], Any], done: Any, failed: Any = None) -> None:
        if not (self.hung and lane == "desk"):
            self.inline.run("printer", job, done, failed)


@pytest.fixture
def notify(tmp_path: Path) -> Iterator[NotifySocket]:
    listener = NotifySocket(tmp_path)
    yield listener
    listener.close()


def pings(notify: NotifySocket) -> list[float]:
    return notify.times_of("WATCHDOG=1")


def test_ready_after_first_frame_then_pings_that_stop_when_the_kiosk_hangs(
    qtbot: QtBot, store_url: str, clock: FixedClock, notify: NotifySocket
) -> None:
    settings = Settings().with_overrides({"db.url": store_url, "kiosk.exit_pin_hash": "x"})
    engine = make_engine(store_url)
    backend = build_backend(
        CentreContext(settings, engine, clock, always_open()), printer=FakeTicketPrinter()
    )
    runner = DeskCanHang()
    window, presenter = build_window(backend, settings, runner, locked=True)
    now = [time.monotonic()]
    presenter.monotonic = lambda: now[0]
    presenter.store_ok_at = now[0]
    notifier = Notifier(str(notify.path))
    pinger = attach_watchdog(
        window,
        healthy=partial(healthy, presenter),
        ready=notifier.ready,
        ping=notifier.watchdog,
        interval_s=PING_S,
    )
    qtbot.addWidget(window)
    assert notify.lines() == []  # nothing before the first frame
    window.resize(1280, 800)
    window.show()
    qtbot.waitUntil(lambda: len(pings(notify)) >= 5, timeout=5000)
    assert notify.lines()[0] == "READY=1"

    # 1. the UI thread stalls (a slot that never returns, a deadlock): no pings at all
    stalled_at = time.monotonic()
    time.sleep(1.0)
    resumed_at = time.monotonic()
    qtbot.waitUntil(lambda: pings(notify)[-1] > resumed_at, timeout=5000)
    assert [t for t in pings(notify) if stalled_at + 0.1 < t < resumed_at] == []

    # 2. the UI runs but the store never answers its checks: pings stop
    runner.hung = True
    now[0] += STORE_ANSWER_MAX_AGE_S + 1
    qtbot.wait(100)  # the window's tick sends a store check, which never comes back
    before = len(pings(notify))
    qtbot.wait(int(PING_S * 1000 * 8))
    assert len(pings(notify)) == before

    # 3. the store answers again: pings resume
    runner.hung = False
    presenter._polling.discard("store")
    now[0] += 61
    qtbot.waitUntil(lambda: len(pings(notify)) > before, timeout=5000)

    assert pinger is not None
    pinger.timer.stop()
    presenter.quit_requested = True
    window.close()
    notifier.close()
    engine.dispose()


@pytest.fixture
def store_url(tmp_path: Path) -> str:
    from tests.factories import migrated_store

    return migrated_store(f"sqlite:///{tmp_path / 'centre.db'}", always_open())
