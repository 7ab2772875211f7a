"""The accessible mode's Qt layer, kept apart from the screens.

The window always has a bottom bar with the accessibility button (the lowest
place on the screen, so a visitor in a wheelchair can reach it on every screen).
In the mode, a panel fills the part of the screen above the reach band and
shows the current prompt in large type (reading needs no reach); the top bar,
the screens and the bottom bar share the band below it, sized by
the same `Metrics` as the ordinary screens (with the band's unit: `Metrics.band_unit`)
and coloured by `kiosk-accessible.qss` (AAA contrast).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from kiosk_app.ui.kiosk.theme import Metrics
from kiosk_app.ui.kiosk.widgets import button, label, set_text


@dataclass(frozen=True)
class AccessibleLook:
    """From the settings (`accessible.*`): the band's share of the height, text scale."""

    band_fraction: float = 0.6
    text_scale: float = 1.25


class BottomBar(QWidget):
    """The accessibility button, bottom left (where a hand from a wheelchair reaches)."""

    def __init__(self, toggle: Callable[[], None]) -> None:
        super().__init__()
        self.setObjectName("bottombar")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.access = button("", "access", toggle)
        self.access.setCheckable(True)
        self.row = row = QHBoxLayout(self)
        row.setContentsMargins(16, 6, 16, 6)
        row.addWidget(self.access)
        row.addStretch(1)

    def set_metrics(self, m: Metrics, height: int) -> None:
        self.setFixedHeight(height)
        self.row.setContentsMargins(m.gap, 0, m.gap, 0)


class ReachPanel(QWidget):
    """What fills the screen above the band: the prompt, large, and nothing to touch."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("reach")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.prompt: QLabel = label("reachprompt", align=Qt.AlignmentFlag.AlignCenter)
        self.number: QLabel = label("reachnumber", wrap=False, align=Qt.AlignmentFlag.AlignCenter)
        self.box = box = QVBoxLayout(self)
        box.setContentsMargins(24, 12, 24, 12)
        box.addWidget(self.number)
        box.addWidget(self.prompt, 1)
        self.hide()

    def set_metrics(self, m: Metrics) -> None:
        self.box.setContentsMargins(m.margin, m.gap, m.margin, m.gap)
        self.box.setSpacing(0)


class AccessibleLayer:
    """Switches a window between the ordinary layout and the band layout."""

    def __init__(self, look: AccessibleLook, toggle: Callable[[], None]) -> None:
        self.look = look
        self.bar = BottomBar(toggle)
        self.panel = ReachPanel()
        self.on = False
        self._size = QSize()

    @property
    def access(self) -> QPushButton:
        return self.bar.access

    def band_top(self, height: int) -> int:
        """The y from which controls may be placed in the mode."""
        return height - round(height * self.look.band_fraction)

    def metrics(self, size: QSize, mm: float) -> Metrics:
        """The window's sizes: in the mode, those of the band (`Metrics.for_window`)."""
        w, h = size.width(), size.height()
        if self.on:
            return Metrics.for_window(
                w, h, mm, band_fraction=self.look.band_fraction, text_scale=self.look.text_scale
            )
        # The ordinary screens share the window with this layer's bottom bar: they are
        # sized for what is left above it.
        return Metrics.for_window(w, max(1, h - self.bar_height(size, mm)), mm)

    @staticmethod
    def bar_height(size: QSize, mm: float) -> int:
        """The bottom bar's height in a window of `size`: a touch target, its border
        (kiosk.qss) and margins, from the whole window's sizes."""
        m = Metrics.for_window(size.width(), size.height(), mm)
        return m.touch + 6 + 2 * m.gap_small

    def set_metrics(self, m: Metrics, size: QSize, mm: float) -> None:
        self.bar.set_metrics(m, self.bar_height(size, mm))
        self.panel.set_metrics(m)

    def apply(
        self, on: bool, size: QSize, prompt: str, tr: Callable[[str], str], number: str = ""
    ) -> bool:
        """Show the mode (or not) for a window of `size`; True when the sizes changed
        (the window then restyles)."""
        set_text(self.access, tr("kiosk.accessible.off") if on else tr("kiosk.accessible.on"))
        self.access.setChecked(on)
        set_text(self.panel.prompt, prompt if on else "")
        set_text(self.panel.number, number if on else "")
        self.panel.number.setVisible(bool(number))
        changed = on != self.on or size != self._size
        self.on, self._size = on, QSize(size)
        if on:
            self.panel.setFixedHeight(self.band_top(size.height()))
            self._fit_prompt(size, bool(number))
        self.panel.setVisible(on)
        return changed

    def _fit_prompt(self, size: QSize, with_number: bool) -> None:
        """The largest type (up to the theme's title size) at which the whole prompt
        fits above the band: a long prompt is never cut off."""
        prompt = self.panel.prompt
        m = self.metrics(size, 96 / 25.4)
        sizes = m.sizes()
        largest = sizes["TITLE"]
        pad = 2 * sizes["PAD2"]  # the label's padding (kiosk.qss), then the panel's margins
        height = self.band_top(size.height()) - pad - 2 * m.gap
        if with_number:  # from its size in the theme: the label may not be polished yet
            big = QFont(self.panel.number.font())
            big.setPixelSize(sizes["NUMBER"])
            big.setBold(True)
            height -= QFontMetrics(big).height()
        width = size.width() - pad - 2 * m.margin
        px = largest
        font = QFont(prompt.font())
        while px > 14:
            font.setPixelSize(px)
            needed = QFontMetrics(font).boundingRect(
                QRect(0, 0, max(width, 1), 100_000),
                int(Qt.TextFlag.TextWordWrap) | int(Qt.AlignmentFlag.AlignCenter),
                prompt.text(),
            )
            if needed.height() <= height - m.gap_small:  # rounding, the number's hint
                break
            px -= 2
        prompt.setStyleSheet(f"font-size: {px}px;")
