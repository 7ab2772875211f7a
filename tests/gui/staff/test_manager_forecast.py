"""Tomorrow's forecast beside today's actuals on the management screen: simulated
from a real store's history on a worker thread, drawn with its band."""

from __future__ import annotations

import os
import threading
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from kiosk_app.domain.dispatch import DispatchPolicy
from kiosk_app.domain.staff import Role
from kiosk_app.presenters.kiosk.runner import ThreadRunner
from kiosk_app.presenters.staff.manager import ManagerPresenter
from kiosk_app.services.forecast_history import generate_history
from kiosk_app.services.staff.forecast_curve import ForecastCurve
from kiosk_app.services.staff.types import Dashboard, StaffSession
from kiosk_app.settings import ForecastSettings
from kiosk_app.store import make_engine
from kiosk_app.ui.kiosk.poster import UiPoster
from kiosk_app.ui.staff.manager import ManagerWidget
from server_sync.kernel.i18n import Translator
from tests.factories import catalogue, migrated_store
from tests.unit.kiosk_app.presenters.staff.fakes import dashboard

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]
TUESDAY = date(2026, 11, 24)  # the fake dashboard's day is Monday 23 November


class RecordingCurve(ForecastCurve):
    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self.asked: list[tuple[date, threading.Thread]] = []

    def curve(self, day: date) -> tuple[tuple[float, float, float, float], ...]:
        self.asked.append((day, threading.current_thread()))
        return super().curve(day)


class Today:
    def snapshot(self) -> Dashboard:
        return dashboard()


def test_tomorrow_is_forecast_off_the_ui_thread_and_drawn(qtbot: Any, tmp_path: Path) -> None:
    url = migrated_store(f"sqlite:///{tmp_path / 'centre.db'}")
    engine = make_engine(url)
    generate_history(engine, catalogue(), "baku-1", TUESDAY - timedelta(weeks=3), 21,
                     visits_per_day=150)  # fmt: skip
    curve = RecordingCurve(
        engine, catalogue(), "baku-1", DispatchPolicy(), ForecastSettings(replications=10)
    )
    poster = UiPoster()
    runner = ThreadRunner(poster.post, lanes=("desk", "forecast"), name="manager")
    try:
        presenter = ManagerPresenter(
            Today(), Translator("az"), StaffSession("rauf", "Rauf", Role.MANAGER), None,
            runner=runner, forecast=curve,
        )  # fmt: skip
        widget = ManagerWidget(presenter, "Rauf")
        qtbot.addWidget(widget)
        widget.resize(1600, 1000)
        widget.show()
        qtbot.waitUntil(
            lambda: bool(widget.chart.data and widget.chart.data.forecast), timeout=60000
        )
        assert [day for day, _ in curve.asked] == [TUESDAY]  # once, for tomorrow
        assert curve.asked[0][1] is not threading.main_thread()
        data = widget.chart.data
        assert data is not None
        hours = [h for h, *_ in data.forecast]
        assert hours[0] == 9.5
        assert hours[-1] == 18.5
        assert all(low <= mean <= high for _, mean, low, high in data.forecast)
        assert data.forecast_label.startswith("Sabah")
        presenter.refresh()  # later snapshots do not simulate again
        qtbot.waitUntil(lambda: not presenter._running, timeout=5000)
        assert len(curve.asked) == 1
        folder = Path(os.environ.get("ASANQ_SCREENSHOTS", "/tmp/shots/forecast"))
        folder.mkdir(parents=True, exist_ok=True)
        widget.grab().save(str(folder / "manager_forecast.png"))
    finally:
        runner.stop()
        engine.dispose()
