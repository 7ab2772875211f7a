"""The counter's agency-application panel: number, answers (masked until
revealed), the files with a view and a save button each, and the result buttons.

"View" shows a picture in a window of its own, straight from memory; a PDF opens in
the desktop's viewer from a private folder (0700) that is emptied when the visitor
leaves, so no attachment outlives the visit on the counter's disk."""

from __future__ import annotations

import atexit
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QCloseEvent, QDesktopServices, QPixmap
from PySide6.QtWidgets import (
    QDialog,
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
        #: Opens a file in the desktop's viewer (a PDF); tests put their own.
        self.open_external: Callable[[Path], bool] = _open_with_desktop
        self.preview: QDialog | None = None
        self._scratch: Path | None = None
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
        self.view_buttons: list[QPushButton] = []
        for i, row in enumerate(v.files):
            name = named(QLabel(row.label), "fieldValue")
            name.setWordWrap(True)
            look = named(QPushButton(tr("staff.app.button.view")), "flat")
            look.clicked.connect(lambda _=False, p=row.position: self.view_file(p))
            button = named(QPushButton(tr("staff.app.button.save")), "flat")
            button.clicked.connect(lambda _=False, p=row.position: self.save_file(p))
            self.files.addWidget(name, i, 0)
            self.files.addWidget(look, i, 1)
            self.files.addWidget(button, i, 2)
            self.view_buttons.append(look)
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
        if not shown:
            self._forget_files()  # the visitor left: nothing of theirs stays on screen or disk
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
        self.presenter.saved(row.name, str(path.parent))
        return path

    def view_file(self, position: int) -> None:
        """A picture in a window of its own; a PDF in the desktop's viewer."""
        got = self.presenter.file(position)
        if got is None:
            return
        row, data = got
        title = f"{self.presenter.view.number} · {row.name}"
        if row.kind == "pdf":
            self.open_external(self._scratch_file(position, data))
            return
        picture = QPixmap()
        picture.loadFromData(data)
        self.preview = _Preview(title, picture, self)
        self.preview.show()

    def _scratch_file(self, position: int, data: bytes) -> Path:
        if self._scratch is None:
            self._scratch = Path(tempfile.mkdtemp(prefix="asanq-application-"))  # mode 0700
            atexit.register(shutil.rmtree, self._scratch, True)  # also if the app just quits
        path = self._scratch / f"{self.presenter.view.number}-{position}.pdf"
        path.write_bytes(data)
        return path

    def _forget_files(self) -> None:
        if self.preview is not None:
            self.preview.close()
            self.preview = None
        if self._scratch is not None:
            shutil.rmtree(self._scratch, ignore_errors=True)
            self._scratch = None

    def closeEvent(self, event: QCloseEvent) -> None:
        self._forget_files()
        super().closeEvent(event)

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


class _Preview(QDialog):
    """One attached picture, scaled to fit the screen's half, never enlarged."""

    def __init__(self, title: str, picture: QPixmap, parent: QWidget) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        box = QVBoxLayout(self)
        self.picture = QLabel()
        self.picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        screen = parent.screen().availableGeometry() if parent.screen() else None
        limit = (screen.width() // 2, screen.height() * 2 // 3) if screen else (800, 600)
        if picture.width() > limit[0] or picture.height() > limit[1]:
            picture = picture.scaled(
                limit[0],
                limit[1],
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
        self.picture.setPixmap(picture)
        box.addWidget(self.picture)


def _open_with_desktop(path: Path) -> bool:
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
