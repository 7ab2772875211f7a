"""Fonts and style sheets for the staff console and the hall display.

DejaVu Sans is bundled in assets/fonts and registered at start-up so `ə`, `ğ`,
`ı` and `İ` render the same on every machine, whatever fonts it has.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import TypeVar

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication, QWidget

FAMILY = "DejaVu Sans"

W = TypeVar("W", bound=QWidget)


@cache
def load_fonts() -> str:
    """Register the bundled fonts once; returns the family to use."""
    for name in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"):
        data = resources.files("assets").joinpath(f"fonts/{name}").read_bytes()
        QFontDatabase.addApplicationFontFromData(data)
    return FAMILY


def style_sheet(name: str) -> str:
    return resources.files("assets").joinpath(f"styles/{name}.qss").read_text("utf-8")


def apply(app: QApplication, sheet: str, point_size: int = 11) -> None:
    """Bundled font as the application font, and the named style sheet."""
    family = load_fonts()
    app.setFont(QFont(family, point_size))
    app.setStyleSheet(style_sheet(sheet))


def font(px: int, bold: bool = False) -> QFont:
    f = QFont(load_fonts())
    f.setPixelSize(px)
    f.setBold(bold)
    return f


def named(widget: W, name: str) -> W:
    """`widget` with an object name (for the style sheet and for tests)."""
    widget.setObjectName(name)
    return widget
