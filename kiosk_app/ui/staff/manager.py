"""Management screen: alerts, live queues, counters, kiosks/printers, today's
figures and the waiting-time chart; reports to CSV or PDF. It only shows what
the presenter hands it (the snapshot is computed off the UI thread) and says
so with `view_shown`."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateEdit,
    QFileDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kiosk_app.presenters.staff.manager import ManagerPresenter, Row
from kiosk_app.ui.staff.chart import WaitChart
from kiosk_app.ui.staff.theme import named

_BACKGROUND = {"alert": QColor("#fde2e1"), "warn": QColor("#fff4d6"), "off": QColor("#eef1f5")}
_FOREGROUND = {"alert": QColor("#9b1c1c"), "warn": QColor("#7a5200"), "off": QColor("#5b6775")}


def _table(name: str) -> QTableWidget:
    t = named(QTableWidget(), name)
    t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    t.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
    t.verticalHeader().setVisible(False)
    t.setAlternatingRowColors(False)
    t.setShowGrid(False)
    t.horizontalHeader().setHighlightSections(False)
    # long service names wrap inside their row rather than end in "…" or scroll sideways
    t.setWordWrap(True)
    t.setTextElideMode(Qt.TextElideMode.ElideNone)
    t.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    t.horizontalHeader().sectionResized.connect(lambda *_: t.resizeRowsToContents())
    return t


def _fill(
    table: QTableWidget,
    header: tuple[str, ...],
    rows: tuple[Row, ...],
    *,
    fit: bool = True,
    stretch: int = 0,
) -> None:
    h = table.horizontalHeader()
    # Sizing columns after every cell costs ~0.5 ms per cell: size once, at the end.
    h.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    table.setUpdatesEnabled(False)
    table.setColumnCount(len(header))
    table.setHorizontalHeaderLabels(list(header))
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, text in enumerate(row.cells):
            item = QTableWidgetItem(text)
            if row.level in _BACKGROUND:
                item.setBackground(_BACKGROUND[row.level])
                item.setForeground(_FOREGROUND[row.level])
            table.setItem(r, c, item)
    table.setUpdatesEnabled(True)
    h.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    h.setSectionResizeMode(stretch % len(header), QHeaderView.ResizeMode.Stretch)
    table.resizeRowsToContents()
    if fit:  # short tables take their own height; long ones scroll
        height = table.horizontalHeader().height() + sum(
            table.rowHeight(i) for i in range(table.rowCount())
        )
        table.setFixedHeight(height + 4)


def _card(title: str, *widgets: QWidget) -> QFrame:
    box = named(QFrame(), "card")
    lay = QVBoxLayout(box)
    lay.addWidget(named(QLabel(title), "cardTitle"))
    for w in widgets:
        lay.addWidget(w)
    return box


class ManagerWidget(QWidget):
    view_shown = Signal()  # after each view the presenter handed over is on screen

    def __init__(self, presenter: ManagerPresenter, who: str = "") -> None:
        super().__init__()
        self.presenter = presenter
        tr = presenter.tr
        root = QVBoxLayout(self)
        header = QHBoxLayout()
        self.title = named(QLabel(), "screenTitle")
        self.updated = named(QLabel(), "hint")
        # the title above who is signed in and when the view was updated: the report
        # controls then fit a 1366-pixel screen in every language
        heading = QVBoxLayout()
        heading.setSpacing(0)
        heading.addWidget(self.title)
        byline = QHBoxLayout()
        byline.addWidget(named(QLabel(who), "who"))
        byline.addWidget(self.updated)
        byline.addStretch(1)
        heading.addLayout(byline)
        header.addLayout(heading)
        header.addStretch(1)
        self.csv = named(QPushButton(tr("staff.report.csv")), "action")
        self.pdf = named(QPushButton(tr("staff.report.pdf")), "action")
        self.sign_out = named(QPushButton(tr("common.sign_out")), "flat")
        today = presenter.today
        self.first = named(QDateEdit(QDate(today.year, today.month, today.day)), "dateFrom")
        self.last = named(QDateEdit(QDate(today.year, today.month, today.day)), "dateTo")
        self.range_label = QLabel(tr("staff.report.range"))
        for d in (self.first, self.last):
            d.setCalendarPopup(True)
            d.setDisplayFormat("yyyy-MM-dd")
        for w in (self.range_label, self.first, self.last, self.csv, self.pdf, self.sign_out):
            header.addWidget(w)
        root.addLayout(header)

        alert_box = named(QFrame(), "alerts")
        self.alerts = QVBoxLayout(alert_box)
        self.alerts.setContentsMargins(0, 0, 0, 0)
        self.alerts.setSpacing(4)
        root.addWidget(alert_box)

        cols = QHBoxLayout()
        left = QVBoxLayout()
        self.queues = _table("queues")
        left.addWidget(_card(tr("staff.queues"), self.queues), 3)
        tiles = QWidget()
        self.tiles = QGridLayout(tiles)
        self.tiles.setSpacing(6)
        self.tiles.setContentsMargins(0, 0, 0, 0)
        left.addWidget(_card(tr("staff.counters"), tiles), 0)
        right = QVBoxLayout()
        fig_box = QWidget()
        self.figures = QGridLayout(fig_box)
        self.figures.setContentsMargins(0, 0, 0, 0)
        self.chart = WaitChart()
        right.addWidget(_card(tr("staff.figures"), fig_box))
        right.addWidget(self.chart, 1)
        self.devices = _table("devices")
        self.devices.setWordWrap(False)
        self.devices.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.devices.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        right.addWidget(_card(tr("staff.devices"), self.devices))
        cols.addLayout(left, 3)
        cols.addLayout(right, 2)
        root.addLayout(cols, 1)
        self.message = named(QLabel(), "message")
        root.addWidget(self.message)
        self.csv.clicked.connect(lambda: self._export("csv"))
        self.pdf.clicked.connect(lambda: self._export("pdf"))
        presenter.listeners.append(self.show_view)
        self.show_view()

    def show_view(self) -> None:
        v = self.presenter.view
        self.title.setText(v.title)
        self.updated.setText(v.updated)
        _fill(self.queues, v.queue_header, v.queues, fit=False)
        _fill(self.devices, v.device_header, v.devices, stretch=-1)
        _clear(self.alerts)
        for row in v.alerts:
            text = " — ".join(c for c in row.cells if c)
            mark = "✓ " if row.level == "ok" else "⚠ "
            line = named(QLabel(mark + text), "alertLine")
            line.setProperty("level", row.level or "ok")
            line.setWordWrap(True)
            self.alerts.addWidget(line)
        _clear(self.tiles)
        per_row = 7
        for i, tile in enumerate(v.counters):
            label = named(QLabel("\n".join(tile.lines)), "tile")
            label.setProperty("level", tile.level)
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            self.tiles.addWidget(label, i // per_row, i % per_row)
        _clear(self.figures)
        for i, (name, value) in enumerate(v.figures):
            self.figures.addWidget(named(QLabel(name), "fieldLabel"), i // 2, (i % 2) * 2)
            self.figures.addWidget(named(QLabel(value), "figure"), i // 2, (i % 2) * 2 + 1)
        self.chart.set_data(v.chart)
        for w in (self.csv, self.pdf, self.first, self.last, self.range_label):
            w.setVisible(v.can_report)
        self.message.setText(self.presenter.message)
        self.view_shown.emit()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        # wrapped service names: row heights follow the column width once it is known
        QTimer.singleShot(0, self.queues.resizeRowsToContents)

    def _export(self, fmt: str) -> None:
        first, last = self.first.date().toPython(), self.last.date().toPython()
        assert isinstance(first, date)
        assert isinstance(last, date)
        if last < first:
            first, last = last, first
        name = first.isoformat() if first == last else f"{first}_{last}"
        path, _ = QFileDialog.getSaveFileName(
            self, "", f"asan-queue-{name}.{fmt}", f"{fmt.upper()} (*.{fmt})"
        )
        if path:
            self.presenter.export(fmt, Path(path), first, last)
            self.message.setText(self.presenter.message)


def _clear(layout: QGridLayout | QVBoxLayout) -> None:
    while layout.count():
        item = layout.takeAt(0)
        old = item.widget() if item is not None else None
        if old is not None:
            old.hide()
            old.deleteLater()
