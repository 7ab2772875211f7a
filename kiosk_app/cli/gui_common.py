"""Starting a Qt front-end from the CLI: the application, theme, Ctrl-C."""

from __future__ import annotations

import os
import signal
import sys

from kiosk_app.bootstrap import CentreContext, open_centre
from kiosk_app.cli.common import UserError
from kiosk_app.settings import Settings
from kiosk_app.store.engine import StoreError


def open_context(settings: Settings) -> CentreContext:
    try:
        return open_centre(settings)
    except StoreError as exc:
        raise UserError(str(exc)) from None


def qt_app(sheet: str) -> object:
    """A QApplication with our fonts and style sheet; Ctrl-C quits it."""
    if not (
        os.environ.get("DISPLAY")
        or os.environ.get("WAYLAND_DISPLAY")
        or os.environ.get("QT_QPA_PLATFORM")
    ):
        raise UserError(
            "no screen: DISPLAY is not set (run on the desktop, or set QT_QPA_PLATFORM)"
        )
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from kiosk_app.ui.staff.theme import apply

    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    apply(app, sheet)
    signal.signal(signal.SIGINT, lambda *_: app.quit())
    signal.signal(signal.SIGTERM, lambda *_: app.quit())
    timer = QTimer(app)  # wakes the interpreter so the signal handlers can run
    timer.start(300)
    timer.timeout.connect(lambda: None)
    return app
