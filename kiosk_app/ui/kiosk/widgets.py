"""Touch widgets the kiosk screens are built from: built once, updated in place.

Nothing here is created per visitor: lists keep a fixed pool of row buttons
and only change their text, so a day of use does not grow the widget tree.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

import qrcode
from PySide6.QtCore import QRect, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFontMetrics,
    QPainter,
    QPaintEvent,
    QResizeEvent,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QBoxLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kiosk_app.presenters.kiosk.menu import Page
from kiosk_app.ui.kiosk.theme import Metrics


def button(text: str, name: str, on_click: Callable[[], None]) -> QPushButton:
    """A touch button: no keyboard focus (keys never press it), no auto-repeat."""
    b = QPushButton(text)
    b.setObjectName(name)
    b.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    b.clicked.connect(lambda _checked=False: on_click())
    return b


def label(name: str, *, wrap: bool = True, align: Qt.AlignmentFlag | None = None) -> QLabel:
    lab = QLabel()
    lab.setObjectName(name)
    lab.setWordWrap(wrap)
    lab.setAlignment(align if align is not None else Qt.AlignmentFlag.AlignCenter)
    lab.setTextFormat(Qt.TextFormat.PlainText)
    return lab


def set_text(widget: QLabel | QPushButton, text: str) -> None:
    """Change text only when it differs (no needless relayout)."""
    if widget.text() != text:
        widget.setText(text)


class RowButton(QPushButton):
    """A big list button with a bold title and a smaller detail line, both wrapped."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("row")
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.key = ""
        self.title = label("rowtitle", align=Qt.AlignmentFlag.AlignLeft)
        self.detail = label("rowdetail", align=Qt.AlignmentFlag.AlignLeft)
        for lab in (self.title, self.detail):
            lab.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.box = box = QVBoxLayout(self)
        box.setContentsMargins(24, 10, 24, 10)
        box.setSpacing(2)
        box.addStretch(1)
        box.addWidget(self.title)
        box.addWidget(self.detail)
        box.addStretch(1)
        # The panel decides how many rows fit (ListPanel.refit), so a row's own
        # minimum must not push the panel taller than the space there is.
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Ignored)

    def set_metrics(self, m: Metrics) -> None:
        self.box.setContentsMargins(m.px(0.022), m.px(0.008), m.px(0.022), m.px(0.008))

    def needed_height(self, width: int, title: str, detail: str) -> int:
        """The height this row needs at `width` to show both texts wrapped in full."""
        m = self.box.contentsMargins()
        inner = width - m.left() - m.right() - 2 * _ROW_BORDER
        need = sum(
            _wrapped_height(lab, inner, text)
            for lab, text in ((self.title, title), (self.detail, detail))
        )
        return need + self.box.spacing() + m.top() + m.bottom() + 2 * _ROW_BORDER


_ROW_BORDER = 3  # px, QPushButton#row in kiosk.qss


def _wrapped_height(lab: QLabel, width: int, text: str) -> int:
    lab.ensurePolished()
    rect = QFontMetrics(lab.font()).boundingRect(
        QRect(0, 0, max(1, width), 1 << 20), int(Qt.TextFlag.TextWordWrap), text
    )
    return rect.height()


class ChoiceButton(QPushButton):
    """One of the home screen's two big choices: a wrapped title and a hint inside."""

    def __init__(self, name: str, on_click: Callable[[], None]) -> None:
        super().__init__()
        self.setObjectName(name)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.clicked.connect(lambda _checked=False: on_click())
        self.title = label(f"{name}title")
        self.hint = label(f"{name}hint")
        for lab in (self.title, self.hint):
            lab.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.box = box = QVBoxLayout(self)
        box.addStretch(1)
        box.addWidget(self.title)
        box.addWidget(self.hint)
        box.addStretch(1)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def set_metrics(self, m: Metrics) -> None:
        self.box.setContentsMargins(m.px(0.03), m.gap, m.px(0.03), m.gap)
        self.box.setSpacing(m.gap)


class ListPanel(QWidget):
    """A page of rows with previous/next buttons; `pick(key)` on a tap.

    How many rows a page holds follows from the space there is: after every
    resize or change of texts the panel measures the longest title and detail of
    the whole list (`texts()`) wrapped at the row's width, and tells
    `on_capacity(n)` when the number of rows that fit changes.
    """

    def __init__(
        self,
        pool: int,
        pick: Callable[[str], None],
        turn: Callable[[int], None],
        labels: Callable[[], tuple[str, str]],
        texts: Callable[[], list[tuple[str, str]]] | None = None,
        on_capacity: Callable[[int], None] | None = None,
    ) -> None:
        super().__init__()
        self._labels = labels
        self._texts = texts
        self._on_capacity = on_capacity
        self.capacity = 0
        self.row_min = 1
        self.rows = [RowButton() for _ in range(pool)]
        self._pick = pick
        for row in self.rows:
            row.clicked.connect(partial(self._picked, row))
        self.grid = QGridLayout()
        self.grid.setSpacing(14)
        self.columns = 0
        self.visible = pool
        self.prev = button("", "secondary", lambda: turn(-1))
        self.next = button("", "secondary", lambda: turn(1))
        self.page_label = label("pagelabel")
        for b in (self.prev, self.next):
            _keep_space(b, True)
        self.nav = nav = QHBoxLayout()
        nav.addWidget(self.prev)
        nav.addWidget(self.page_label, 1)
        nav.addWidget(self.next)
        self.box = box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.addLayout(self.grid, 1)
        box.addLayout(nav)

    def set_metrics(self, m: Metrics) -> None:
        self.row_min = m.row_min
        self.grid.setSpacing(m.gap_small)
        self.box.setSpacing(m.gap_small)
        self.nav.setSpacing(m.gap_small)
        for row in self.rows:
            row.set_metrics(m)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.refit()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refit()

    def refit(self) -> None:
        """Work out how many rows fit; tell the screen when that changes."""
        if self._texts is None or self._on_capacity is None or not self.isVisible():
            return
        columns = max(1, self.columns)
        spacing = self.grid.spacing()
        row_width = (self.width() - (columns - 1) * spacing) // columns
        probe = self.rows[0]
        need = self.row_min
        for title, detail in self._texts():
            need = max(need, probe.needed_height(row_width, title, detail))
        nav = max(self.prev.sizeHint().height(), self.page_label.sizeHint().height())
        room = self.height() - nav - self.box.spacing()
        per_column = max(1, (room + spacing) // (need + spacing))
        capacity = min(len(self.rows), per_column * columns)
        if capacity != self.capacity:
            self.capacity = capacity
            self._on_capacity(capacity)

    def _picked(self, row: RowButton, _checked: bool = False) -> None:
        if row.key:
            self._pick(row.key)

    def set_columns(self, columns: int, visible: int) -> None:
        """Lay the rows out in `columns`; only the first `visible` take space."""
        if columns != self.columns:
            self.columns = columns
            for i, row in enumerate(self.rows):
                self.grid.addWidget(row, i // columns, i % columns)
        self.visible = visible
        for i, row in enumerate(self.rows):
            _keep_space(row, i < visible)
            row.setVisible(i < visible)

    def show_page(self, page: Page) -> None:
        for i, row in enumerate(self.rows):
            item = page.rows[i] if i < len(page.rows) else None
            row.key = item.key if item else ""
            set_text(row.title, item.title if item else "")
            set_text(row.detail, item.detail if item else "")
            # an empty slot keeps its space, so the page does not jump
            row.setVisible(item is not None and i < self.visible)
        prev_text, next_text = self._labels()
        set_text(self.prev, "‹  " + prev_text)
        set_text(self.next, next_text + "  ›")
        self.prev.setVisible(page.pages > 1)
        self.next.setVisible(page.pages > 1)
        self.prev.setEnabled(page.has_prev)
        self.next.setEnabled(page.has_next)
        set_text(self.page_label, page.label)


def _keep_space(widget: QWidget, keep: bool) -> None:
    policy = widget.sizePolicy()
    policy.setRetainSizeWhenHidden(keep)
    widget.setSizePolicy(policy)


class Keypad(QWidget):
    """The big numeric keypad: 1-9, then clear, 0, backspace."""

    def __init__(
        self,
        digit: Callable[[str], None],
        clear: Callable[[], None],
        backspace: Callable[[], None],
    ) -> None:
        super().__init__()
        self.grid = grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        self.digits: dict[str, QPushButton] = {}
        for i, d in enumerate("123456789"):
            self.digits[d] = button(d, "key", partial(digit, d))
            grid.addWidget(self.digits[d], i // 3, i % 3)
        self.clear = button("", "keyaction", clear)
        self.digits["0"] = button("0", "key", lambda: digit("0"))
        self.backspace = button("", "keyaction", backspace)
        grid.addWidget(self.clear, 3, 0)
        grid.addWidget(self.digits["0"], 3, 1)
        grid.addWidget(self.backspace, 3, 2)
        for b in self.findChildren(QPushButton):
            b.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def set_metrics(self, m: Metrics) -> None:
        self.grid.setSpacing(m.gap_small)


class QrView(QWidget):
    """The ticket's QR code, drawn crisp at any size (no image files)."""

    def __init__(self) -> None:
        super().__init__()
        self._url = ""
        self._matrix: list[list[bool]] = []
        self.setMinimumSize(120, 120)

    @property
    def url(self) -> str:
        return self._url

    def set_url(self, url: str) -> None:
        if url == self._url:
            return
        self._url = url
        if url:
            # A fixed mask pattern: choosing the best of eight costs ~15 ms of pure Python
            # on the UI thread for no gain a phone camera would notice.
            qr = qrcode.QRCode(
                border=2, error_correction=qrcode.constants.ERROR_CORRECT_M, mask_pattern=2
            )
            qr.add_data(url)
            qr.make(fit=True)
            self._matrix = [[bool(c) for c in row] for row in qr.get_matrix()]
        else:
            self._matrix = []
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        if not self._matrix:
            return
        painter = QPainter(self)
        n = len(self._matrix)
        side = min(self.width(), self.height())
        cell = side // n
        size = cell * n
        x0, y0 = (self.width() - size) // 2, (self.height() - size) // 2
        painter.fillRect(QRectF(x0, y0, size, size), QColor("#FFFFFF"))
        dark = QColor("#000000")
        for r, row in enumerate(self._matrix):
            for c, on in enumerate(row):
                if on:
                    painter.fillRect(x0 + c * cell, y0 + r * cell, cell, cell, dark)
        painter.end()


class TopBar(QWidget):
    """The centre's name (its left end is the hidden staff corner) and the languages."""

    def __init__(self, set_language: Callable[[str], None], corner: Callable[[], None]) -> None:
        super().__init__()
        self.setObjectName("topbar")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.corner = button("", "corner", corner)
        self.corner.setFixedSize(90, 60)
        self.centre = label(
            "centre", wrap=True, align=Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        )
        # the name gives way (wraps) so the language buttons always show in full
        self.centre.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.langs: dict[str, QPushButton] = {}
        self.row = row = QHBoxLayout(self)
        row.addWidget(self.corner)
        row.addWidget(self.centre, 1)
        for lang in ("az", "ru", "en"):
            b = button("", "lang", partial(set_language, lang))
            b.setCheckable(True)
            self.langs[lang] = b
            row.addWidget(b)

    def set_metrics(self, m: Metrics) -> None:
        self.corner.setFixedSize(m.touch * 2, m.touch)
        self.row.setContentsMargins(m.gap_small, m.gap_small, m.gap, m.gap_small)
        self.row.setSpacing(m.gap_small)


def side_by_side_fits(buttons: list[QPushButton], room: int, spacing: int) -> bool:
    """Whether equal-width buttons in a row of `room` pixels show all their words.

    Equal stretch gives each the same width, so the widest decides; a few pixels of
    slack cover the bold glyphs' overhang that the size hint leaves out.
    """
    shown = [b for b in buttons if not b.isHidden()]
    if not shown:
        return True
    widest = max(b.sizeHint().width() for b in shown) + 8
    return widest * len(shown) + spacing * (len(shown) - 1) <= room


def flow(layout: QBoxLayout, landscape: bool) -> None:
    """Side by side in landscape, one above the other in portrait."""
    layout.setDirection(
        QBoxLayout.Direction.LeftToRight if landscape else QBoxLayout.Direction.TopToBottom
    )
