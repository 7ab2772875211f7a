"""Starting a Qt front-end from the CLI: the application, theme, Ctrl-C."""

from __future__ import annotations

from kiosk_app.cli.common import UserError
from kiosk_app.composition.centre import CentreContext, open_centre
from kiosk_app.settings import Settings
from kiosk_app.store.engine import StoreError


def open_context(settings: Settings) -> CentreContext:
    try:
        return open_centre(settings)
    except StoreError as exc:
        raise UserError(str(exc)) from None


def qt_app(sheet: str) -> object:
    """A themed QApplication, or one line saying there is no screen."""
    from kiosk_app.ui.launch import NoScreen
    from kiosk_app.ui.launch import qt_app as make_app

    try:
        return make_app(sheet)
    except NoScreen as exc:
        raise UserError(str(exc)) from None
