"""The kiosk's Qt side of starting up: fonts, the window, signals, the event loop.

What to show comes from the presenter; what the presenter talks to is wired
by the composition root (`kiosk_app.composition.kiosk`), so this layer never sees
the store.
"""

from __future__ import annotations

import logging
import signal

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QCursor
from PySide6.QtWidgets import QApplication

from hardware.scanning import KeyboardWedgeDecoder
from kiosk_app.presenters.kiosk.presenter import KioskPresenter
from kiosk_app.ui.kiosk.accessible import AccessibleLook
from kiosk_app.ui.kiosk.poster import UiPoster
from kiosk_app.ui.kiosk.theme import load_fonts
from kiosk_app.ui.kiosk.window import KioskWindow

log = logging.getLogger("asanq.kiosk")

__all__ = ["KioskWindow", "UiPoster", "make_window", "qt_app", "run_window"]


def qt_app() -> QApplication:
    app = QApplication.instance() or QApplication(["asan-queue-kiosk"])
    assert isinstance(app, QApplication)
    load_fonts()
    return app


def make_window(
    presenter: KioskPresenter,
    *,
    locked: bool,
    wedge_interval_s: float = 0.05,
    accessible: AccessibleLook | None = None,
) -> KioskWindow:
    load_fonts()
    wedge = KeyboardWedgeDecoder(max_key_interval_s=wedge_interval_s)
    return KioskWindow(presenter, locked=locked, wedge=wedge, accessible=accessible)


def run_window(
    app: QApplication, window: KioskWindow, *, windowed: bool, exit_after_first_frame: bool
) -> None:
    """Show the window (full screen unless `windowed`) and run until it closes."""
    if exit_after_first_frame:
        window.first_frame.connect(lambda: QTimer.singleShot(0, window.shutdown))
    _quit_on_signals(app, window)
    if windowed:
        window.resize(1280, 800)
        window.show()
    else:
        # a touchscreen kiosk shows no mouse pointer
        app.setOverrideCursor(QCursor(Qt.CursorShape.BlankCursor))
        window.showFullScreen()
    log.info("kiosk started (%s)", "windowed" if windowed else "full screen")
    app.exec()


def _quit_on_signals(app: QApplication, window: KioskWindow) -> None:
    """SIGINT/SIGTERM (the demo's Ctrl-C, systemd) end the program; visitors cannot.
    (Qt's own quit asks the window first, and a locked kiosk says no.)"""

    def stop(_signum: int, _frame: object) -> None:
        window.shutdown()
        # queued: works whether or not the event loop has started yet
        QTimer.singleShot(0, app.quit)

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    # Let Python run its signal handlers while Qt's loop is in C++.
    timer = QTimer(app)
    timer.setInterval(250)
    timer.timeout.connect(lambda: None)
    timer.start()
