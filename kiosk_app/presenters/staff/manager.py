"""Management screen view-model: live queues, counters, devices, figures, chart.

Rows are already-formatted strings with a severity flag, so the Qt view is a
loop over them; reports go through `ReportMaker`, which the composition root
wires to the CSV writer and the Qt PDF painter.

The snapshot (the store's reads and the figures) runs through a `Runner`: on a
worker thread in the staff console, at once in tests. The UI thread only
builds the view from the result; a refresh asked for while one is still
running is skipped.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, timedelta
from pathlib import Path
from typing import Protocol

from kiosk_app.domain.counter import CounterState
from kiosk_app.domain.figures import Figures
from kiosk_app.domain.report import Report
from kiosk_app.domain.staff import Role
from kiosk_app.presenters.kiosk.runner import InlineRunner, Runner
from kiosk_app.services.staff import words
from kiosk_app.services.staff.figure_text import figure_lines
from kiosk_app.services.staff.types import (
    CounterView,
    Dashboard,
    DeviceView,
    QueueView,
    StaffSession,
    StoreUnavailable,
)
from server_sync.kernel.clock import BAKU
from server_sync.kernel.i18n import Translator

REPORT_ROLES = frozenset({Role.MANAGER})
MIN_CALLS = 3  # calls a chart slice needs to be drawn


class DashboardSource(Protocol):
    def snapshot(self) -> Dashboard: ...


class ForecastSource(Protocol):
    def curve(self, day: date) -> tuple[tuple[float, float, float, float], ...]:
        """(hour, expected average wait, low, high) of `day`; () when closed."""
        ...


class ReportMaker(Protocol):
    def __call__(self, first: date, last: date, fmt: str, path: Path) -> None: ...


@dataclass(frozen=True)
class Row:
    cells: tuple[str, ...]
    level: str = ""  # "", "warn", "alert"


@dataclass(frozen=True)
class Tile:
    """A counter as a small coloured tile: number, ticket or state, operator."""

    lines: tuple[str, str, str]
    level: str  # open, paused, closed


@dataclass(frozen=True)
class ChartData:
    points: tuple[tuple[float, float], ...]  # (hour of day, average wait minutes)
    target: float
    title: str
    target_label: str
    empty_text: str
    # tomorrow's forecast beside today's actuals: (hour, mean, low, high) of the wait
    forecast: tuple[tuple[float, float, float, float], ...] = ()
    today_label: str = ""
    forecast_label: str = ""
    # A range of days: x is the day's index and these are the days' names
    x_labels: tuple[str, ...] = ()


@dataclass(frozen=True)
class ManagerView:
    title: str
    updated: str
    queue_header: tuple[str, ...]
    queues: tuple[Row, ...]
    counters: tuple[Tile, ...]
    device_header: tuple[str, ...]
    devices: tuple[Row, ...]
    figures: tuple[tuple[str, str], ...]
    alerts: tuple[Row, ...]
    chart: ChartData
    can_report: bool


def chart_data(figures: Figures, tr: Translator) -> ChartData:
    solid = [p for p in figures.curve if p.calls >= MIN_CALLS]
    # A slice with one or two calls (the day's first minutes, its last) is noise.
    chosen = solid if len(solid) >= 3 else list(figures.curve)
    pts = tuple((p.hour, p.average_wait) for p in chosen)
    target = figures.target_minutes
    return ChartData(
        pts,
        float(target),
        tr("staff.chart.title"),
        tr("staff.chart.target", minutes=target),
        tr("staff.chart.empty"),
        today_label=tr("staff.chart.today"),
        forecast_label=tr("staff.chart.forecast"),
    )


def report_chart(report: Report, tr: Translator) -> ChartData:
    """The report's chart: through the day for one day; for a range, one point per
    day (the days are not folded onto one day's hours)."""
    if not report.by_day:
        return chart_data(report.figures, tr)
    target = report.figures.target_minutes
    return ChartData(
        tuple((float(i), f.average_wait) for i, (_, f) in enumerate(report.by_day)),
        float(target),
        tr("staff.chart.title_by_day"),
        tr("staff.chart.target", minutes=target),
        tr("staff.chart.empty"),
        x_labels=tuple(tr.date(d, "d MMM") for d, _ in report.by_day),
    )


class ManagerPresenter:
    def __init__(
        self,
        source: DashboardSource,
        tr: Translator,
        session: StaffSession,
        make_report: ReportMaker | None = None,
        *,
        runner: Runner | None = None,
        forecast: ForecastSource | None = None,
    ) -> None:
        self.source = source
        self.tr = tr
        self.session = session
        self.make_report = make_report
        self.runner: Runner = runner or InlineRunner()
        self.listeners: list[Callable[[], None]] = []
        self.message = ""
        self.today = date.today()
        self.forecast = forecast
        self._forecast: tuple[tuple[float, float, float, float], ...] = ()
        self._forecast_day: date | None = None  # the day asked for (once a day)
        self.view = self._empty()  # until the first snapshot arrives
        self._running = False
        self._closed = False
        self.refresh()  # a worker's answer comes after the view has subscribed

    @property
    def can_report(self) -> bool:
        return self.session.role in REPORT_ROLES and self.make_report is not None

    def refresh(self, *, notify: bool = True) -> ManagerView:
        """Ask for a new snapshot; the view changes when it arrives (at once with
        the inline runner). Returns the view shown now."""
        if self._running or self._closed:
            return self.view
        self._running = True

        def job() -> Dashboard | StoreUnavailable:
            try:
                return self.source.snapshot()
            except StoreUnavailable as exc:  # the environment's fault: say so, keep the view
                return exc

        self.runner.run("desk", job, lambda result: self._arrived(result, notify), self._failed)
        return self.view

    def close(self) -> None:
        """The screen is gone (signed out): a snapshot still running is dropped."""
        self._closed = True
        self.listeners.clear()

    def _arrived(self, result: Dashboard | StoreUnavailable, notify: bool) -> None:
        self._running = False
        if self._closed:
            return
        if isinstance(result, StoreUnavailable):
            self.message = self.tr("staff.store_error", detail=str(result))
        else:
            self.today = result.at.date()
            self.view = self._build(result)
            self._ask_forecast()
            if self.message.startswith(self.tr("staff.store_error", detail="")):
                self.message = ""
        if notify:
            for listener in self.listeners:
                listener()

    def _failed(self, _error: BaseException) -> None:
        self._running = False  # our bug, logged by the runner; the next refresh tries again

    def _ask_forecast(self) -> None:
        """Tomorrow's forecast, simulated once a day on its own worker lane (it takes
        seconds; the live figures must not wait for it)."""
        tomorrow = self.today + timedelta(days=1)
        if self.forecast is None or self._forecast_day == tomorrow:
            return
        self._forecast_day = tomorrow
        source = self.forecast
        self.runner.run(
            "forecast",
            lambda: source.curve(tomorrow),
            self._forecast_arrived,
            self._failed_forecast,
        )

    def _forecast_arrived(self, curve: tuple[tuple[float, float, float, float], ...]) -> None:
        if self._closed:
            return
        self._forecast = tuple(curve)
        self.view = replace(self.view, chart=replace(self.view.chart, forecast=self._forecast))
        for listener in self.listeners:
            listener()

    def _failed_forecast(self, _error: BaseException) -> None:
        self._forecast_day = None  # logged by the runner; tried again on a later snapshot

    def _empty(self) -> ManagerView:
        tr = self.tr
        return ManagerView(
            title=tr("staff.mgr_title"),
            updated="",
            queue_header=self._queue_header(),
            queues=(),
            counters=(),
            device_header=self._device_header(),
            devices=(),
            figures=(),
            alerts=(),
            chart=ChartData((), 0.0, tr("staff.chart.title"), "", tr("staff.chart.empty")),
            can_report=self.can_report,
        )

    def export(
        self, fmt: str, path: Path, first: date | None = None, last: date | None = None
    ) -> str:
        if not self.can_report or self.make_report is None:
            raise PermissionError(self.tr("staff.no_permission"))
        self.make_report(first or self.today, last or first or self.today, fmt, path)
        self.message = self.tr("staff.report.saved", path=str(path))
        return self.message

    def _minutes(self, value: float) -> str:
        return self.tr("common.minutes", n=round(value))

    def _build(self, d: Dashboard) -> ManagerView:
        tr = self.tr
        target = d.figures.target_minutes
        busy = sorted((q for q in d.queues if q.waiting), key=lambda q: -q.longest_wait)
        queues = tuple(self._queue_row(q, target) for q in busy)
        idle = len(d.queues) - len(busy)
        if idle:
            queues += (Row((tr("staff.queues_idle", n=idle), "", "", "", ""), "off"),)
        return ManagerView(
            title=tr("staff.mgr_title"),
            updated=tr("staff.updated_at", time=d.at.astimezone(BAKU).strftime("%H:%M:%S")),
            queue_header=self._queue_header(),
            queues=queues,
            counters=tuple(self._tile(c) for c in d.counters),
            device_header=self._device_header(),
            devices=tuple(self._device_row(dv) for dv in d.devices),
            figures=tuple(figure_lines(d.figures, tr)),
            alerts=self._alerts(d) or (Row((tr("staff.no_alerts"), ""), "ok"),),
            chart=replace(chart_data(d.figures, tr), forecast=self._forecast),
            can_report=self.can_report,
        )

    def _queue_header(self) -> tuple[str, ...]:
        tr = self.tr
        return (
            tr("common.service"),
            tr("staff.column.waiting"),
            tr("staff.column.longest"),
            tr("common.estimated_wait"),
            tr("staff.column.open_counters"),
        )

    def _device_header(self) -> tuple[str, ...]:
        tr = self.tr
        return (
            tr("staff.column.device"),
            tr("staff.column.printer"),
            tr("staff.column.paper"),
            tr("staff.column.last_seen"),
            tr("common.alerts"),
        )

    def _queue_row(self, q: QueueView, target: int) -> Row:
        level = "alert" if not q.open_counters else "warn" if q.longest_wait > target else ""
        cells = (
            f"{q.letter} · {q.name(self.tr.language)}",
            str(q.waiting),
            self._minutes(q.longest_wait),
            self._minutes(q.estimated_wait) if q.open_counters else "—",
            str(q.open_counters),
        )
        return Row(cells, level)

    def _tile(self, c: CounterView) -> Tile:
        level = {CounterState.OPEN: "open", CounterState.PAUSED: "paused"}.get(c.state, "closed")
        lines = (
            str(c.number),
            c.ticket or words.word(self.tr, words.COUNTER_STATE, c.state.value),
            c.operator or "",
        )
        return Tile(lines, level)

    def _device_row(self, dv: DeviceView) -> Row:
        tr = self.tr
        state = dv.printer_state if dv.printer_state in ("online", "offline") else "unknown"
        severe = {"paper_out", "printer_offline", "device_silent"} & set(dv.alerts)
        cells = (
            dv.device_id,
            words.word(tr, words.DEVICE_STATE, state) if dv.kind == "kiosk" else "—",
            self._paper(dv.paper) if dv.kind == "kiosk" else "—",
            dv.last_seen.astimezone(BAKU).strftime("%H:%M"),
            ", ".join(words.word(tr, words.ALERT, a) for a in dv.alerts) or "—",
        )
        return Row(cells, "alert" if severe else "warn" if dv.alerts else "")

    def _alerts(self, d: Dashboard) -> tuple[Row, ...]:
        """One line per device in trouble, and one per kind of queue alert."""
        tr = self.tr
        rows = []
        for dv in d.devices:
            if dv.alerts:
                severe = {"paper_out", "printer_offline", "device_silent"} & set(dv.alerts)
                text = ", ".join(words.word(tr, words.ALERT, a) for a in dv.alerts)
                rows.append(Row((dv.device_id, text), "alert" if severe else "warn"))
        lang = tr.language
        names = {q.service_id: f"{q.letter} · {_short(q.name(lang))}" for q in d.queues}
        grouped: dict[str, list[str]] = {}
        severe_keys: set[str] = set()
        for a in d.alerts:
            if a.subject in names:
                grouped.setdefault(a.key, []).append(names[a.subject])
                if a.severe:
                    severe_keys.add(a.key)
        for key, subjects in grouped.items():
            shown = ", ".join(subjects[:3])
            if len(subjects) > 3:
                shown += " " + tr("staff.and_more", n=len(subjects) - 3)
            rows.append(
                Row(
                    (words.word(tr, words.ALERT, key), shown),
                    "alert" if key in severe_keys else "warn",
                )
            )
        return tuple(sorted(rows, key=lambda r: r.level != "alert"))

    def _paper(self, paper: str | None) -> str:
        key = words.PAPER.get(paper or "", words.DEVICE_STATE["unknown"])
        return self.tr(key)


def _short(text: str, limit: int = 28) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
