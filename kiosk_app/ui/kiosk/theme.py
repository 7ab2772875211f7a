"""Sizes from the screen, and the QSS theme from `assets/styles/kiosk.qss`.

Touch targets are at least 9 mm, computed from the screen's physical DPI (the
logical DPI when the physical one is not reported). Every other size (type,
paddings, margins, spacings, the QR) is a fraction of one unit: the short side
of the largest 16:9 box that fits the window (`unit_for`), so a layout that fits
1920×1080 fits 1280×800, 1280×1024 and the portrait screens too. This module is
the one home of the kiosk's sizes, the accessible mode's too (`Metrics.band_unit`).
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
    """Pixel sizes for one window size on one screen.

    In the accessible mode (`band_unit` > 0) the screens live in the band of the
    window within reach: lengths (margins, spacings, control heights) follow the
    band's unit, while text is `text_scale` times the whole window's size (the
    ticket number follows the band); a control is never shorter than its text.
    """

    short_side: int  # the unit (see `unit_for`), not always the window's short side
    mm: float
    band_unit: int = 0  # the accessible mode's band: `unit_for` of it; 0 when off
    text_scale: float = 1.0

    @classmethod
    def for_window(
        cls,
        width: int,
        height: int,
        mm: float,
        *,
        band_fraction: float | None = None,
        text_scale: float = 1.0,
    ) -> Metrics:
        """The ordinary sizes, or (with `band_fraction`) the accessible mode's: the band
        is that share of the window's height, at its bottom."""
        unit = unit_for(width, height)
        if band_fraction is None:
            return cls(unit, mm)
        band = max(1, round(height * band_fraction))
        return cls(unit, mm, unit_for(width, band), text_scale)

    @property
    def accessible(self) -> bool:
        return self.band_unit > 0

    @property
    def layout_unit(self) -> int:
        """The unit lengths are fractions of: the band's in the accessible mode."""
        return self.band_unit or self.short_side

    def px(self, fraction: float, minimum: int = 0) -> int:
        """A length as a fraction of the unit (margins, spacings)."""
        return max(minimum, round(self.layout_unit * fraction))

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
        """The smallest QR a phone reads from a step away (none in the accessible mode:
        the band keeps its room for the controls)."""
        return 0 if self.accessible else self.px(0.22, 120)

    @property
    def touch(self) -> int:
        """The smallest side of anything a visitor taps (≥ 9 mm)."""
        return max(math.ceil(MIN_TOUCH_MM * self.mm), round(self.layout_unit * 0.06))

    def sizes(self) -> dict[str, int]:
        full = _sizes(self.short_side, self.touch)
        if not self.accessible:
            return full
        out = _sizes(self.band_unit, self.touch)
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


_TEXT = ("BASE", "SMALL", "TITLE", "CHOICE", "BUTTON", "CODE")


def _sizes(s: int, touch: int) -> dict[str, int]:
    """The stylesheet's sizes for a unit of `s` pixels."""
    return {
        "BASE": max(16, round(s * 0.03)),
        "SMALL": max(14, round(s * 0.024)),
        "TITLE": round(s * 0.048),
        "CHOICE": round(s * 0.045),
        "BUTTON": round(s * 0.033),
        "KEY": round(s * 0.055),
        "CODE": round(s * 0.058),
        "NUMBER": round(s * 0.17),
        "TOUCH": touch,
        "BUTTONH": max(touch, round(s * 0.085)),
        "KEYH": max(touch, round(s * 0.105)),
        "LETTERH": max(touch, round(s * 0.085)),
        "LETTERW": max(touch, round(s * 0.058)),
        "ROWH": max(touch, round(s * 0.095)),
        "RADIUS": max(6, round(s * 0.012)),
        "RADIUS2": max(10, round(s * 0.022)),
        "PAD": max(8, round(s * 0.016)),
        "PAD2": max(12, round(s * 0.028)),
        "PADS": max(4, round(s * 0.008)),
    }


def stylesheet(metrics: Metrics) -> str:
    """The kiosk's QSS for these sizes; in the accessible mode with its AAA colours
    (`kiosk-accessible.qss`) laid over the ordinary rules."""
    styles = resources.files("assets").joinpath("styles")
    text = styles.joinpath("kiosk.qss").read_text("utf-8")
    if metrics.accessible:
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
