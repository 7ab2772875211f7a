"""The waiting-time chart (average wait through the day), painted with QPainter.

One paint function serves the management screen's widget and the PDF report,
so both show the same picture. QtCharts is not in PySide6-Essentials.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from kiosk_app.presenters.staff.manager import ChartData
from kiosk_app.ui.staff.theme import font

LINE = QColor("#0b5cab")
TARGET = QColor("#c0392b")
GRID = QColor("#d5dbe3")
TEXT = QColor("#25313f")


def _nice_step(top: float) -> float:
    for step in (1, 2, 5, 10, 15, 20, 30, 60):
        if top / step <= 6:
            return float(step)
    return float(math.ceil(top / 6))


def paint_wait_chart(p: QPainter, rect: QRectF, data: ChartData, px: int = 13) -> None:
    """Draw the chart of `data` inside `rect` (title, axes, target line, curve)."""
    p.save()
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setPen(TEXT)
    p.setFont(font(round(px * 1.1), bold=True))
    title_h = px * 2.0
    p.drawText(
        QRectF(rect.left(), rect.top(), rect.width(), title_h),
        Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
        data.title,
    )
    p.setFont(font(px))
    left = rect.left() + px * 3.2
    bottom = rect.bottom() - px * 2.0
    top = rect.top() + title_h + px * 0.5
    right = rect.right() - px * 0.8
    hours = [h for h, _ in data.points]
    h0: int = min(math.floor(min(hours, default=9.0)), 9)
    h1: int = max(math.ceil(max(hours, default=18.0) + 0.5), h0 + 4)
    peak = max([w for _, w in data.points] + [data.target * 1.3, 5.0])
    step = _nice_step(peak)
    y_top = math.ceil(peak / step) * step

    def x_of(h: float) -> float:
        return left + (h - h0) / (h1 - h0) * (right - left)

    def y_of(w: float) -> float:
        return bottom - w / y_top * (bottom - top)

    p.setPen(QPen(GRID, 1))
    v = 0.0
    while v <= y_top + 1e-9:
        y = y_of(v)
        p.drawLine(QPointF(left, y), QPointF(right, y))
        p.setPen(TEXT)
        p.drawText(
            QRectF(rect.left(), y - px, left - rect.left() - px * 0.4, px * 2),
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
            f"{v:g}",
        )
        p.setPen(QPen(GRID, 1))
        v += step
    label_every = 1 if h1 - h0 <= 12 else 2
    for h in range(h0, h1 + 1):
        x = x_of(h)
        p.setPen(QPen(GRID, 1))
        p.drawLine(QPointF(x, top), QPointF(x, bottom))
        if (h - h0) % label_every == 0:
            p.setPen(TEXT)
            p.drawText(
                QRectF(x - px * 2, bottom + px * 0.3, px * 4, px * 1.5),
                Qt.AlignmentFlag.AlignCenter,
                f"{h:02d}:00",
            )
    target_y = y_of(data.target)
    pen = QPen(TARGET, max(1.5, px / 8), Qt.PenStyle.DashLine)
    p.setPen(pen)
    p.drawLine(QPointF(left, target_y), QPointF(right, target_y))
    p.setPen(TARGET)
    p.drawText(
        QRectF(right - px * 12, target_y - px * 1.6, px * 12, px * 1.4),
        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom,
        data.target_label,
    )
    if not data.points:
        p.setPen(TEXT)
        p.drawText(
            QRectF(left, top, right - left, bottom - top),
            Qt.AlignmentFlag.AlignCenter,
            data.empty_text,
        )
        p.restore()
        return
    path = QPainterPath()
    for i, (hour, wait) in enumerate(data.points):
        pt = QPointF(x_of(hour), y_of(wait))
        if i == 0:
            path.moveTo(pt)
        else:
            path.lineTo(pt)
    p.setPen(QPen(LINE, max(2.0, px / 5)))
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.drawPath(path)
    p.setBrush(LINE)
    r = max(2.5, px / 4)
    for hour, wait in data.points:
        p.drawEllipse(QPointF(x_of(hour), y_of(wait)), r, r)
    p.restore()


class WaitChart(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.data: ChartData | None = None
        self.setMinimumHeight(150)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setObjectName("chart")

    def set_data(self, data: ChartData) -> None:
        self.data = data
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.fillRect(self.rect(), QColor("white"))
        if self.data is not None:
            paint_wait_chart(p, QRectF(self.rect()).adjusted(10, 6, -10, -6), self.data)
        p.end()
