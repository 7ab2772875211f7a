"""The hall display (TV): the newest call large, the previous ones listed.

New calls arrive through a change notification (a socket watched by
QSocketNotifier: PostgreSQL LISTEN or the local datagram channel), so they
show within milliseconds; a slow timer re-checks in case a wake-up was missed.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSocketNotifier, Qt, QTimer
from PySide6.QtGui import QCloseEvent, QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kiosk_app.presenters.display.presenter import DisplayPresenter
from kiosk_app.services.staff.types import CallListener
from kiosk_app.ui.qt_language import install_qt_language
from kiosk_app.ui.staff.theme import font, named


class DisplayWindow(QWidget):
    def __init__(
        self,
        presenter: DisplayPresenter,
        *,
        listener: CallListener | None = None,
        poll_seconds: float = 5.0,
        title: str = "",
        clock_text: Callable[[], str] | None = None,
    ) -> None:
        super().__init__()
        install_qt_language(presenter.tr.language)
        self.setObjectName("display")
        self.presenter = presenter
        self.listener = listener
        self.clock_text = clock_text
        root = QVBoxLayout(self)
        root.setContentsMargins(0, 0, 0, 0)
        root.setSpacing(0)
        bar = named(QFrame(), "topBar")
        bl = QHBoxLayout(bar)
        self.title = named(QLabel(title), "centreName")
        self.clock = named(QLabel(""), "clock")
        bl.addWidget(self.title, 1)
        bl.addWidget(self.clock)
        root.addWidget(bar)
        body = QHBoxLayout()
        body.setContentsMargins(24, 24, 24, 24)
        body.setSpacing(24)
        self.now = named(QFrame(), "nowCalling")
        nl = QVBoxLayout(self.now)
        self.now_number = named(QLabel(""), "nowNumber")
        self.now_arrow = named(QLabel(""), "nowCounter")
        for w in (self.now_number, self.now_arrow):
            w.setAlignment(Qt.AlignmentFlag.AlignCenter)
            nl.addWidget(w)
        body.addWidget(self.now, 5)
        table = named(QFrame(), "callList")
        self.grid = QGridLayout(table)
        self.grid.setVerticalSpacing(6)
        body.addWidget(table, 4)
        root.addLayout(body, 1)
        self.banner = named(QLabel(""), "banner")
        self.banner.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.banner.setWordWrap(True)
        root.addWidget(self.banner)
        for big in (self.now_number, self.now_arrow, self.banner, self.title):
            # Text size follows the window (resizeEvent), never the other way round.
            big.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.cells: list[tuple[QLabel, QLabel]] = []
        self._px = 40
        presenter.listeners.append(lambda _new: self.show_view())
        if listener is not None:
            self.notifier = QSocketNotifier(listener.fileno(), QSocketNotifier.Type.Read, self)
            self.notifier.activated.connect(self._woken)
        self.poll = QTimer(self)
        self.poll.setInterval(int(poll_seconds * 1000))
        self.poll.timeout.connect(presenter.check)
        self.poll.start()
        self.tick = QTimer(self)
        self.tick.setInterval(1000)
        self.tick.timeout.connect(self._tick)
        self.tick.start()
        self._tick()
        self.show_view()

    def closeEvent(self, event: QCloseEvent) -> None:
        """Stop watching before the owner closes the channel's socket."""
        if self.listener is not None:
            self.notifier.setEnabled(False)
        self.poll.stop()
        self.tick.stop()
        super().closeEvent(event)

    def _woken(self) -> None:
        if self.listener is not None:
            self.listener.drain()
        self.presenter.check()

    def _tick(self) -> None:
        if self.clock_text is not None:
            self.clock.setText(self.clock_text())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._px = max(16, round(min(self.height() / 15, self.width() / 25)))
        self._fonts()

    def _fonts(self) -> None:
        px = self._px
        self.title.setFont(font(round(px * 0.7), True))
        self.clock.setFont(font(round(px * 0.8), True))
        # The newest number fills its box: bounded by the box's width too.
        chars = max(len(self.now_number.text()), 4)
        fit = int(self.now.width() * 0.85 / (0.72 * chars)) if self.now.width() > 50 else px * 3
        self.now_number.setFont(font(min(round(px * 3.6), fit), True))
        self.now_arrow.setFont(font(round(px * 1.3), True))
        self.banner.setFont(font(round(px * 0.75), True))
        for i, (num, ctr) in enumerate(self.cells):
            size = round(px * (1.15 if i == 0 else 1.0))
            num.setFont(font(size, True))
            ctr.setFont(font(size, True))

    def show_view(self) -> None:
        v = self.presenter.view
        for num, ctr in self.cells:
            for gone in (num, ctr):
                gone.hide()
                gone.deleteLater()
        self.cells = []
        h_num = named(QLabel(v.header[0]), "listHeader")
        h_ctr = named(QLabel(v.header[1]), "listHeader")
        for w in (h_num, h_ctr):
            w.setFont(font(round(self._px * 0.6), True))
        self.grid.addWidget(h_num, 0, 0)
        self.grid.addWidget(h_ctr, 0, 1)
        self.cells.append((h_num, h_ctr))
        rows = v.rows[1:] if v.rows else ()
        for i, row in enumerate(rows, start=1):
            num = named(QLabel(row.number), "listNumber")
            ctr = named(QLabel("→ " + row.counter), "listCounter")
            self.grid.addWidget(num, i, 0)
            self.grid.addWidget(ctr, i, 1)
            self.cells.append((num, ctr))
        self.grid.setRowStretch(len(rows) + 1, 1)
        if v.rows:
            newest = v.rows[0]
            self.now_number.setText(newest.number)
            arrow = f"{v.header[1]} {newest.counter}"
            self.now_arrow.setText(f"↻ {arrow}" if newest.recall else arrow)
        else:
            self.now_number.setText("")
            self.now_arrow.setText("")
        self.now.setProperty("empty", not v.rows)
        self.now.setProperty("recall", bool(v.rows and v.rows[0].recall))
        self.banner.setProperty("recall", bool(v.rows and v.rows[0].recall))
        self.banner.setText(self.presenter.tr("display.offline") if v.offline else v.banner)
        self.banner.setProperty("offline", v.offline)
        for styled in (self.now, self.banner):
            styled.style().unpolish(styled)
            styled.style().polish(styled)
        self._fonts()
