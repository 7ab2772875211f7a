"""The management screen computes its snapshot on a worker thread; the UI thread
only shows results (tests wait on the widget's signal, never sleep)."""

from __future__ import annotations

import threading
from typing import Any

import pytest

from kiosk_app.domain.staff import Role
from kiosk_app.presenters.kiosk.runner import ThreadRunner
from kiosk_app.presenters.staff.manager import ManagerPresenter
from kiosk_app.services.staff.types import Dashboard, StaffSession, StoreUnavailable
from kiosk_app.ui.kiosk.poster import UiPoster
from kiosk_app.ui.staff.manager import ManagerWidget
from server_sync.kernel.i18n import Translator
from tests.unit.kiosk_app.presenters.staff.fakes import dashboard

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]
TR = Translator("az")
SESSION = StaffSession("rauf", "Rauf", Role.MANAGER)


class SlowDashboard:
    """Records the thread each snapshot ran on; holds a snapshot until released."""

    def __init__(self) -> None:
        self.threads: list[threading.Thread] = []
        self.release = threading.Event()
        self.release.set()
        self.broken = False

    def snapshot(self) -> Dashboard:
        self.threads.append(threading.current_thread())
        self.release.wait(10)
        if self.broken:
            raise StoreUnavailable("timeout")
        return dashboard()


@pytest.fixture
def runner() -> Any:
    poster = UiPoster()
    runner = ThreadRunner(poster.post, lanes=("desk",), name="manager")
    runner.poster = poster  # type: ignore[attr-defined]
    yield runner
    runner.stop()


def test_the_snapshot_runs_off_the_ui_thread_and_the_view_follows(qtbot: Any, runner: Any) -> None:
    source = SlowDashboard()
    presenter = ManagerPresenter(source, TR, SESSION, None, runner=runner)
    widget = ManagerWidget(presenter, "Rauf")
    qtbot.addWidget(widget)
    assert widget.queues.rowCount() == 0  # nothing yet: the first snapshot is on its way
    with qtbot.waitSignal(widget.view_shown, timeout=5000):
        pass
    assert source.threads[0] is not threading.main_thread()
    assert widget.queues.item(0, 0).text() == "A · Pasportun verilməsi"
    assert widget.updated.text() != ""


def test_a_refresh_while_one_runs_is_skipped_and_store_trouble_is_said(
    qtbot: Any, runner: Any
) -> None:
    source = SlowDashboard()
    presenter = ManagerPresenter(source, TR, SESSION, None, runner=runner)
    widget = ManagerWidget(presenter, "Rauf")
    qtbot.addWidget(widget)
    with qtbot.waitSignal(widget.view_shown, timeout=5000):
        pass
    shown = presenter.view
    source.release.clear()
    source.broken = True
    presenter.refresh()
    presenter.refresh()  # still running: skipped
    with qtbot.waitSignal(widget.view_shown, timeout=5000):
        source.release.set()
    assert len(source.threads) == 2
    assert presenter.view is shown  # the last figures stay on screen
    assert widget.message.text() == "Məlumat bazası əlçatan deyil: timeout"


def test_a_closed_screen_drops_a_late_snapshot(qtbot: Any, runner: Any) -> None:
    source = SlowDashboard()
    source.release.clear()
    presenter = ManagerPresenter(source, TR, SESSION, None, runner=runner)
    seen: list[int] = []
    presenter.listeners.append(lambda: seen.append(1))
    presenter.close()  # signed out while the first snapshot runs
    source.release.set()
    done = threading.Event()
    runner.run("desk", lambda: None, lambda _r: done.set())  # queued behind the snapshot
    qtbot.waitUntil(done.is_set, timeout=5000)
    assert seen == []
    assert presenter.view.queues == ()
