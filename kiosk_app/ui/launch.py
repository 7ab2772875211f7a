"""Starting a Qt application for a front-end or for drawing a PDF."""

from __future__ import annotations

import os
import signal
import sys

from PySide6.QtCore import QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from kiosk_app.ui.staff.theme import apply


class NoScreen(RuntimeError):
    """There is no display to open windows on."""


def qt_app(sheet: str) -> QApplication:
    """A QApplication with our fonts and style sheet; Ctrl-C and SIGTERM quit it."""
    if not (
        os.environ.get("DISPLAY")
        or os.environ.get("WAYLAND_DISPLAY")
        or os.environ.get("QT_QPA_PLATFORM")
    ):
        raise NoScreen("no screen: DISPLAY is not set (run on the desktop, or set QT_QPA_PLATFORM)")
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    apply(app, sheet)
    signal.signal(signal.SIGINT, lambda *_: app.quit())
    signal.signal(signal.SIGTERM, lambda *_: app.quit())
    timer = QTimer(app)  # wakes the interpreter so the signal handlers can run
    timer.start(300)
    timer.timeout.connect(lambda: None)
    return app


def offscreen_painting_app() -> QGuiApplication:
    """A windowless Qt application, enough for QPdfWriter and QPainter."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    app = QGuiApplication.instance() or QGuiApplication(["asan-queue"])
    assert isinstance(app, QGuiApplication)
    return app
