"""Management screen view-model: live queues, counters, devices, figures, chart.

Rows are already-formatted strings with a severity flag, so the Qt view is a
loop over them; reports go through `ReportMaker`, which the composition root
wires to the CSV writer and the Qt PDF painter.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Protocol

from kiosk_app.domain.counter import CounterState
from kiosk_app.domain.figures import Figures
from kiosk_app.domain.staff import Role
from kiosk_app.i18n import Translator
from kiosk_app.services.figure_text import figure_lines
from kiosk_app.services.staff_types import Dashboard, StaffSession
from server_sync.domain.clock import BAKU

REPORT_ROLES = frozenset({Role.MANAGER})


class DashboardSource(Protocol):
    def snapshot(self) -> Dashboard: ...


class ReportMaker(Protocol):
    def __call__(self, first: date, last: date, fmt: str, path: Path) -> None: ...


@dataclass(frozen=True)
class Row:
    cells: tuple[str, ...]
    level: str = ""  # "", "warn", "alert"


@dataclass(frozen=True)
class ChartData:
    points: tuple[tuple[float, float], ...]  # (hour of day, average wait minutes)
    target: float
    title: str
    target_label: str
    empty_text: str


@dataclass(frozen=True)
class ManagerView:
    title: str
    updated: str
    queue_header: tuple[str, ...]
    queues: tuple[Row, ...]
    counter_header: tuple[str, ...]
    counters: tuple[Row, ...]
    device_header: tuple[str, ...]
    devices: tuple[Row, ...]
    figures: tuple[tuple[str, str], ...]
    alerts: tuple[Row, ...]
    chart: ChartData
    can_report: bool


def chart_data(figures: Figures, tr: Translator) -> ChartData:
    pts = tuple((p.hour, p.average_wait) for p in figures.curve)
    target = figures.target_minutes
    return ChartData(
        pts, float(target), tr("chart_title"), tr("chart_target", minutes=target), tr("chart_empty")
    )


class ManagerPresenter:
    def __init__(
        self,
        source: DashboardSource,
        tr: Translator,
        session: StaffSession,
        make_report: ReportMaker | None = None,
    ) -> None:
        self.source = source
        self.tr = tr
        self.session = session
        self.make_report = make_report
        self.listeners: list[Callable[[], None]] = []
        self.message = ""
        self.today = date.today()
        self.view = self.refresh(notify=False)

    @property
    def can_report(self) -> bool:
        return self.session.role in REPORT_ROLES and self.make_report is not None

    def refresh(self, *, notify: bool = True) -> ManagerView:
        dash = self.source.snapshot()
        self.today = dash.at.date()
        self.view = self._build(dash)
        if notify:
            for listener in self.listeners:
                listener()
        return self.view

    def export(
        self, fmt: str, path: Path, first: date | None = None, last: date | None = None
    ) -> str:
        if not self.can_report or self.make_report is None:
            raise PermissionError(self.tr("no_permission"))
        self.make_report(first or self.today, last or first or self.today, fmt, path)
        self.message = self.tr("report_saved", path=str(path))
        return self.message

    def _minutes(self, value: float) -> str:
        return self.tr("minutes", n=round(value))

    def _build(self, d: Dashboard) -> ManagerView:
        tr = self.tr
        lang = tr.language
        queues = tuple(
            Row(
                (
                    f"{q.letter} · {q.name(lang)}",
                    str(q.waiting),
                    self._minutes(q.longest_wait),
                    self._minutes(q.estimated_wait),
                    str(q.open_counters),
                ),
                "alert"
                if q.waiting and not q.open_counters
                else "warn"
                if q.longest_wait > d.figures.target_minutes
                else "",
            )
            for q in d.queues
        )
        counters = tuple(
            Row(
                (
                    str(c.number),
                    tr(f"state_{c.state.value}"),
                    c.operator or "—",
                    c.ticket or "—",
                    ", ".join(c.services),
                ),
                ""
                if c.state is CounterState.OPEN
                else "warn"
                if c.state is CounterState.PAUSED
                else "off",
            )
            for c in d.counters
        )
        devices = tuple(
            Row(
                (
                    dv.device_id,
                    tr(dv.printer_state or "unknown")
                    if dv.printer_state in ("online", "offline")
                    else tr("unknown"),
                    self._paper(dv.paper),
                    dv.last_seen.astimezone(BAKU).strftime("%H:%M"),
                    ", ".join(tr(a) for a in dv.alerts) or "—",
                ),
                "alert"
                if {"paper_out", "printer_offline", "device_silent"} & set(dv.alerts)
                else "warn"
                if dv.alerts
                else "",
            )
            for dv in d.devices
        )
        alerts = tuple(
            Row((tr(a.key), a.subject), "alert" if a.severe else "warn")
            for a in sorted(d.alerts, key=lambda a: not a.severe)
        )
        return ManagerView(
            title=tr("mgr_title"),
            updated=tr("updated_at", time=d.at.astimezone(BAKU).strftime("%H:%M:%S")),
            queue_header=(
                tr("col_service"),
                tr("col_waiting"),
                tr("col_longest"),
                tr("col_estimate"),
                tr("col_open_counters"),
            ),
            queues=queues,
            counter_header=(
                tr("col_counter"),
                tr("col_state"),
                tr("col_operator"),
                tr("col_ticket"),
                tr("col_service"),
            ),
            counters=counters,
            device_header=(
                tr("col_device"),
                tr("col_printer"),
                tr("col_paper"),
                tr("col_last_seen"),
                tr("alerts"),
            ),
            devices=devices,
            figures=tuple(figure_lines(d.figures, tr)),
            alerts=alerts or (Row((tr("no_alerts"), "")),),
            chart=chart_data(d.figures, tr),
            can_report=self.can_report,
        )

    def _paper(self, paper: str | None) -> str:
        return {
            "ok": self.tr("paper_ok"),
            "near_end": self.tr("paper_near_end"),
            "out": self.tr("paper_out_short"),
        }.get(paper or "", self.tr("unknown"))
