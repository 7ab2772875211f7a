"""Sizes from the screen, and the QSS theme from `assets/styles/kiosk.qss`.

Touch targets are at least 9 mm, computed from the screen's physical DPI (the
logical DPI when the physical one is not reported). Every other size (type,
paddings, margins, spacings, the QR) is a fraction of one unit: the short side
of the largest 16:9 box that fits the window (`unit_for`), so a layout that fits
1920×1080 fits 1280×800, 1280×1024 and the portrait screens too. This module is
the one home of the kiosk's sizes: an accessibility mode scales `Metrics`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from importlib import resources

from PySide6.QtGui import QFontDatabase, QScreen

MIN_TOUCH_MM = 9.0
_WIDE = 16 / 9


def unit_for(width: int, height: int) -> int:
    """The short side of the largest 16:9 (or 9:16) box inside the window."""
    short, long = min(width, height), max(width, height)
    return max(1, min(short, round(long / _WIDE)))


def px_per_mm(screen: QScreen | None) -> float:
    if screen is None:
        return 96 / 25.4
    dpi = screen.physicalDotsPerInch()
    if not 50 <= dpi <= 600:  # some drivers report nonsense; trust the logical DPI then
        dpi = screen.logicalDotsPerInch()
    return dpi / 25.4


@dataclass(frozen=True)
class Metrics:
    """Pixel sizes for one window size on one screen."""

    short_side: int  # the unit (see `unit_for`), not always the window's short side
    mm: float

    def px(self, fraction: float, minimum: int = 0) -> int:
        """A length as a fraction of the unit (margins, spacings)."""
        return max(minimum, round(self.short_side * fraction))

    @property
    def margin(self) -> int:
        """A screen's side margins."""
        return self.px(0.045, 8)

    @property
    def gap(self) -> int:
        """Between blocks of a screen."""
        return self.px(0.02, 4)

    @property
    def gap_small(self) -> int:
        """Between keys, rows and lines of a block."""
        return self.px(0.011, 3)

    @property
    def row_min(self) -> int:
        """The least height of a list row (agencies, services)."""
        return self.sizes()["ROWH"]

    @property
    def qr_min(self) -> int:
        """The smallest QR a phone reads from a step away."""
        return self.px(0.22, 120)

    @property
    def touch(self) -> int:
        """The smallest side of anything a visitor taps (≥ 9 mm)."""
        return max(math.ceil(MIN_TOUCH_MM * self.mm), round(self.short_side * 0.06))

    def sizes(self) -> dict[str, int]:
        s = self.short_side
        base = max(16, round(s * 0.03))
        return {
            "BASE": base,
            "SMALL": max(14, round(s * 0.024)),
            "TITLE": round(s * 0.048),
            "CHOICE": round(s * 0.045),
            "BUTTON": round(s * 0.033),
            "KEY": round(s * 0.055),
            "CODE": round(s * 0.058),
            "NUMBER": round(s * 0.17),
            "TOUCH": self.touch,
            "BUTTONH": max(self.touch, round(s * 0.085)),
            "KEYH": max(self.touch, round(s * 0.105)),
            "LETTERH": max(self.touch, round(s * 0.085)),
            "LETTERW": max(self.touch, round(s * 0.058)),
            "ROWH": max(self.touch, round(s * 0.095)),
            "RADIUS": max(6, round(s * 0.012)),
            "RADIUS2": max(10, round(s * 0.022)),
            "PAD": max(8, round(s * 0.016)),
            "PAD2": max(12, round(s * 0.028)),
            "PADS": max(4, round(s * 0.008)),
        }


def stylesheet(metrics: Metrics) -> str:
    text = resources.files("assets").joinpath("styles/kiosk.qss").read_text("utf-8")
    for name, value in metrics.sizes().items():
        text = text.replace(f"@{name}@", str(value))
    return text


_fonts_loaded = False


def load_fonts() -> None:
    """The bundled DejaVu fonts: every Azerbaijani letter, whatever the system has."""
    global _fonts_loaded
    if _fonts_loaded:
        return
    for name in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"):
        with resources.as_file(resources.files("assets").joinpath(f"fonts/{name}")) as path:
            QFontDatabase.addApplicationFont(str(path))
    _fonts_loaded = True
