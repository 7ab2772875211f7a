"""What a visitor would see as broken on a kiosk screen, measured on the real widgets.

- text that does not fit its label or button (elided, cut off, wrapped past the bottom),
  measured with QFontMetrics against the widget's contents rectangle;
- two visible widgets that overlap, or a widget sticking out of its parent or the window;
- a QR code on screen that a phone could not read (zxing-cpp on a grab of the window).
"""

from __future__ import annotations

import io

import zxingcpp
from PIL import Image
from PySide6.QtCore import QBuffer, QIODevice, QPoint, QRect, Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import (
    QLabel,
    QPushButton,
    QStyle,
    QStyleOptionButton,
    QWidget,
)

from kiosk_app.ui.kiosk.widgets import QrView

_TALL = 1 << 20


def _rect_in(window: QWidget, w: QWidget) -> QRect:
    return QRect(w.mapTo(window, QPoint(0, 0)), w.size())


def _shown(window: QWidget) -> list[QWidget]:
    found: list[QWidget] = []
    for w in window.findChildren(QWidget):
        if not w.isVisibleTo(window) or w.width() <= 0 or w.height() <= 0:
            continue
        if (isinstance(w, QLabel) and w.text()) or isinstance(w, (QPushButton, QrView)):
            found.append(w)
    return found


def _name(w: QWidget) -> str:
    text = w.text() if isinstance(w, QLabel | QPushButton) else ""
    return f"{type(w).__name__}#{w.objectName()} {text[:40]!r}"


def text_problems(window: QWidget) -> list[str]:
    problems = []
    for w in _shown(window):
        if isinstance(w, QLabel):
            fm = QFontMetrics(w.font())
            box = w.contentsRect()
            if w.wordWrap():
                need = fm.boundingRect(
                    QRect(0, 0, box.width(), _TALL), int(Qt.TextFlag.TextWordWrap), w.text()
                )
                fits = need.width() <= box.width() and need.height() <= box.height()
            else:
                need = QRect(0, 0, fm.horizontalAdvance(w.text()), fm.height())
                fits = need.width() <= box.width() and need.height() <= box.height()
            if not fits:
                problems.append(
                    f"{_name(w)} needs {need.width()}x{need.height()}, "
                    f"has {box.width()}x{box.height()}"
                )
        elif isinstance(w, QPushButton) and w.text():
            opt = QStyleOptionButton()
            opt.initFrom(w)
            opt.text = w.text()
            box = w.style().subElementRect(QStyle.SubElement.SE_PushButtonContents, opt, w)
            fm = QFontMetrics(w.font())
            need_w, need_h = fm.horizontalAdvance(w.text()), fm.height()
            if need_w > box.width() or need_h > box.height():
                problems.append(
                    f"{_name(w)} needs {need_w}x{need_h}, has {box.width()}x{box.height()}"
                )
    return problems


def overlap_problems(window: QWidget) -> list[str]:
    shown = _shown(window)
    rects = {id(w): _rect_in(window, w) for w in shown}
    problems = []
    whole = window.rect()
    for w in shown:
        r = rects[id(w)]
        parent = w.parentWidget()
        if not whole.contains(r):
            problems.append(f"{_name(w)} {r} sticks out of the window {whole}")
        elif parent is not None and not _rect_in(window, parent).contains(r):
            problems.append(f"{_name(w)} {r} sticks out of its parent {_rect_in(window, parent)}")
    for i, a in enumerate(shown):
        for b in shown[i + 1 :]:
            if a.isAncestorOf(b) or b.isAncestorOf(a):
                continue
            both = rects[id(a)].intersected(rects[id(b)])
            if both.width() > 0 and both.height() > 0:
                problems.append(f"{_name(a)} overlaps {_name(b)} by {both.width()}x{both.height()}")
    return problems


def decoded_qr(window: QWidget) -> list[str]:
    """Every QR code zxing-cpp reads from what the window shows."""
    data = QBuffer()
    data.open(QIODevice.OpenModeFlag.WriteOnly)
    window.grab().save(data, "PNG")
    image = Image.open(io.BytesIO(bytes(data.data().data())))
    return [r.text for r in zxingcpp.read_barcodes(image) if r.format == zxingcpp.QRCode]
