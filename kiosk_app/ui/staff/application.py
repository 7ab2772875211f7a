"""The counter's agency-application panel: number, answers (masked until
revealed), the files with a save button each, and the result buttons."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFileDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from kiosk_app.presenters.staff.application import RESULTS, ApplicationPresenter
from kiosk_app.ui.staff.theme import named


class ApplicationPanel(QFrame):
    def __init__(self, presenter: ApplicationPresenter) -> None:
        super().__init__()
        named(self, "card")
        self.presenter = presenter
        tr = presenter.tr
        #: Where a file is saved: asks the operator; tests put their own.
        self.choose_path: Callable[[str], Path | None] = self._ask_path
        root = QVBoxLayout(self)
        root.addWidget(named(QLabel(tr("staff.app.title")), "cardTitle"))
        row = QHBoxLayout()
        self.number = named(QLineEdit(), "applicationNumber")
        self.number.setPlaceholderText("AZERSU-2026-000001")
        self.number.setMaxLength(40)
        self.number.setMinimumHeight(40)
        self.open = named(QPushButton(tr("staff.app.button.open")), "action")
        self.open.setMinimumHeight(40)
        self.open.clicked.connect(self._open)
        self.number.returnPressed.connect(self._open)
        row.addWidget(self.number, 1)
        row.addWidget(self.open)
        root.addLayout(row)
        self.heading = named(QLabel(), "ticketDetail")
        self.heading.setWordWrap(True)
        root.addWidget(self.heading)

        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        inner = QWidget()
        body = QVBoxLayout(inner)
        body.setContentsMargins(0, 0, 0, 0)
        self.grid = QGridLayout()
        body.addLayout(self.grid)
        self.hint = named(QLabel(), "hint")
        self.hint.setWordWrap(True)
        body.addWidget(self.hint)
        self.reveal = named(QPushButton(tr("staff.button.reveal")), "flat")
        self.reveal.clicked.connect(presenter.reveal)
        body.addWidget(self.reveal, 0, Qt.AlignmentFlag.AlignLeft)
        self.files_title = named(QLabel(tr("staff.app.files")), "fieldLabel")
        body.addWidget(self.files_title)
        self.files = QGridLayout()
        body.addLayout(self.files)
        body.addStretch(1)
        scroll.setWidget(inner)
        root.addWidget(scroll, 1)

        results = QHBoxLayout()
        self.result_buttons: dict[str, QPushButton] = {}
        for status, key in RESULTS:
            b = named(QPushButton(tr(key)), "danger" if status == "refused" else "action")
            b.setMinimumHeight(40)
            b.clicked.connect(lambda _=False, s=status: self._record(s))
            self.result_buttons[status] = b
            results.addWidget(b)
        root.addLayout(results)
        self.reason = named(QLineEdit(), "refusalReason")
        self.reason.setPlaceholderText(tr("staff.app.reason"))
        self.reason.setMaxLength(500)
        self.reason.setMinimumHeight(36)
        root.addWidget(self.reason)
        self.message = named(QLabel(), "message")
        self.message.setWordWrap(True)
        self.message.setMinimumHeight(self.message.fontMetrics().lineSpacing() * 3)
        root.addWidget(self.message)
        self.file_buttons: list[QPushButton] = []
        presenter.listeners.append(self.show_view)
        self.show_view()

    def show_view(self) -> None:
        v = self.presenter.view
        tr = self.presenter.tr
        shown = bool(v.number)
        self.heading.setText(
            f"{v.number} · {v.service} · {v.status_text}" if shown else tr("staff.app.ask_number")
        )
        _clear(self.grid)
        for i, (label, value) in enumerate(v.fields):
            lab = named(QLabel(label), "fieldLabel")
            lab.setWordWrap(True)
            val = named(QLabel(value), "fieldValue")
            val.setWordWrap(True)
            val.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.grid.addWidget(lab, i, 0, Qt.AlignmentFlag.AlignTop)
            self.grid.addWidget(val, i, 1)
        self.grid.setColumnStretch(1, 1)
        self.hint.setText(v.hint)
        self.hint.setVisible(shown)
        self.reveal.setVisible(v.can_reveal)
        _clear(self.files)
        self.file_buttons = []
        for i, row in enumerate(v.files):
            name = named(QLabel(row.label), "fieldValue")
            name.setWordWrap(True)
            button = named(QPushButton(tr("staff.app.button.save")), "flat")
            button.clicked.connect(lambda _=False, p=row.position: self.save_file(p))
            self.files.addWidget(name, i, 0)
            self.files.addWidget(button, i, 1)
            self.file_buttons.append(button)
        self.files.setColumnStretch(0, 1)
        self.files_title.setVisible(bool(v.files))
        for status, button in self.result_buttons.items():
            button.setEnabled(status in v.results)
        self.reason.setVisible("refused" in v.results)
        self.message.setText(v.message)
        self.message.setProperty("error", v.error)
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)
        if not shown and not v.message:
            self.number.clear()
        elif shown and self.number.text().strip().upper() != v.number:
            self.number.setText(v.number)  # opened from the called ticket

    def _open(self) -> None:
        self.presenter.open(self.number.text())

    def _record(self, status: str) -> None:
        self.presenter.record(status, self.reason.text() if status == "refused" else "")
        if not self.presenter.view.error:
            self.reason.clear()

    def save_file(self, position: int) -> Path | None:
        got = self.presenter.file(position)
        if got is None:
            return None
        row, data = got
        path = self.choose_path(Path(row.name).name)
        if path is None:
            return None
        path.write_bytes(data)
        return path

    def _ask_path(self, name: str) -> Path | None:
        chosen, _ = QFileDialog.getSaveFileName(self, self.presenter.tr("staff.app.files"), name)
        return Path(chosen) if chosen else None


def _clear(grid: QGridLayout) -> None:
    while grid.count():
        item = grid.takeAt(0)
        w = item.widget() if item is not None else None
        if w is not None:
            w.hide()
            w.deleteLater()
