"""Sizes from the screen, and the QSS theme from `assets/styles/kiosk.qss`.

Touch targets are at least 9 mm, computed from the screen's physical DPI (the
logical DPI when the physical one is not reported); type scales with the
screen's short side, so the same layout reads well at 1920×1080 and 1080×1920.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from importlib import resources

from PySide6.QtGui import QFontDatabase, QScreen

MIN_TOUCH_MM = 9.0


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

    short_side: int
    mm: float

    @property
    def touch(self) -> int:
        """The smallest side of anything a visitor taps (≥ 9 mm)."""
        return max(math.ceil(MIN_TOUCH_MM * self.mm), round(self.short_side * 0.06))

    def sizes(self) -> dict[str, int]:
        s = self.short_side
        base = max(18, round(s * 0.03))
        return {
            "BASE": base,
            "SMALL": max(16, round(s * 0.024)),
            "TITLE": round(s * 0.048),
            "CHOICE": round(s * 0.045),
            "BUTTON": round(s * 0.033),
            "KEY": round(s * 0.055),
            "CODE": round(s * 0.058),
            "NUMBER": round(s * 0.2),
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


_TEXT = ("BASE", "SMALL", "TITLE", "CHOICE", "BUTTON", "CODE")


@dataclass(frozen=True)
class AccessibleMetrics(Metrics):
    """The accessible mode's sizes: the screens live in the band within reach, so
    heights and spacing come from the band (`band_short`: its short side), while
    text is `text_scale` times the ordinary size (the ticket number, already huge,
    follows the band); a control is never shorter than its text needs."""

    band_short: int = 0
    text_scale: float = 1.25

    def sizes(self) -> dict[str, int]:
        full = super().sizes()
        out = Metrics(self.band_short or self.short_side, self.mm).sizes()
        for name in _TEXT:
            out[name] = round(full[name] * self.text_scale)
        out["NUMBER"] = round(out["NUMBER"] * self.text_scale)
        out["KEY"] = max(out["KEY"], full["KEY"])  # digits: as large as ever
        out["BUTTONH"] = max(out["BUTTONH"], round(out["BUTTON"] * 1.7))
        out["KEYH"] = max(out["KEYH"], round(out["KEY"] * 1.05))
        out["LETTERH"] = max(out["LETTERH"], round(out["BUTTON"] * 1.25))
        out["LETTERW"] = max(out["LETTERW"], round(out["BUTTON"] * 1.3))
        out["ROWH"] = max(out["ROWH"], round((out["BUTTON"] + out["SMALL"]) * 1.35))
        return out


def stylesheet(metrics: Metrics, *, accessible: bool = False) -> str:
    """The kiosk's QSS for these sizes; in the accessible mode with its AAA colours
    (`kiosk-accessible.qss`) laid over the ordinary rules."""
    styles = resources.files("assets").joinpath("styles")
    text = styles.joinpath("kiosk.qss").read_text("utf-8")
    if accessible:
        text += "\n" + styles.joinpath("kiosk-accessible.qss").read_text("utf-8")
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
