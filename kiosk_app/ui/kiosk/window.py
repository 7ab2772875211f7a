"""The kiosk window: full screen, frameless, no way out but the staff PIN.

It owns one instance of every screen (a QStackedWidget) and shows the one the
presenter names. Keys never reach a widget: they go to the keyboard-wedge
decoder, so a USB scanner that types works on every screen, and Alt+F4, Esc or
Ctrl+Q do nothing. Any touch restarts the idle timer.
"""

from __future__ import annotations

import logging
import time

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeyEvent, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import QApplication, QLabel, QStackedWidget, QVBoxLayout, QWidget

from hardware.scanning import KeyboardWedgeDecoder
from kiosk_app.presenters.kiosk.accessible import prompt
from kiosk_app.presenters.kiosk.presenter import KioskPresenter
from kiosk_app.presenters.kiosk.presenter import Screen as Sc
from kiosk_app.ui.kiosk.accessible import AccessibleLayer, AccessibleLook
from kiosk_app.ui.kiosk.screen_entry import ApplicationScreen, PhoneScreen
from kiosk_app.ui.kiosk.screen_ticket import TicketScreen
from kiosk_app.ui.kiosk.screen_water import WaterScreen
from kiosk_app.ui.kiosk.screens import (
    BusyScreen,
    CodeScreen,
    HomeScreen,
    MessageScreen,
    OutOfServiceScreen,
    Screen,
    StaffScreen,
)
from kiosk_app.ui.kiosk.screens_menu import ListScreen, SearchScreen
from kiosk_app.ui.kiosk.theme import Metrics, px_per_mm, stylesheet
from kiosk_app.ui.kiosk.widgets import TopBar, label, set_text
from kiosk_app.ui.qt_language import install_qt_language
from server_sync.kernel.i18n import LANGUAGE_NAMES

log = logging.getLogger("asanq.kiosk")
_TOUCH_EVENTS = {QEvent.Type.MouseButtonPress, QEvent.Type.TouchBegin}
_ENTER = {Qt.Key.Key_Return, Qt.Key.Key_Enter}
BUSY_DELAY_MS = 300


class KioskWindow(QWidget):
    first_frame = Signal()

    def __init__(
        self,
        presenter: KioskPresenter,
        *,
        locked: bool = True,
        wedge: KeyboardWedgeDecoder | None = None,
        accessible: AccessibleLook | None = None,
    ) -> None:
        super().__init__()
        self.p = presenter
        self.locked = locked
        self.wedge = wedge or KeyboardWedgeDecoder()
        self.setObjectName("kiosk")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        self.setWindowTitle(presenter.tr("common.product_name"))
        if locked:
            self.setWindowFlags(
                Qt.WindowType.FramelessWindowHint | Qt.WindowType.WindowStaysOnTopHint
            )
        self._qt_language = ""
        self.topbar = TopBar(presenter.set_language, presenter.staff_corner)
        self.stack = QStackedWidget()
        # The window's size is the screen's: screens must fit it, never push it bigger.
        self.stack.setMinimumSize(1, 1)
        self.screens: dict[Sc, Screen] = {
            Sc.HOME: HomeScreen(presenter),
            Sc.CODE: CodeScreen(presenter),
            Sc.PHONE: PhoneScreen(presenter),
            Sc.APPLICATION: ApplicationScreen(presenter),
            Sc.AGENCIES: ListScreen(presenter, agencies=True),
            Sc.SERVICES: ListScreen(presenter, agencies=False),
            Sc.SEARCH: SearchScreen(presenter),
            Sc.BUSY: BusyScreen(presenter),
            Sc.TICKET: TicketScreen(presenter),
            Sc.MESSAGE: MessageScreen(presenter),
            Sc.STAFF: StaffScreen(presenter),
            Sc.OUT_OF_SERVICE: OutOfServiceScreen(presenter),
            Sc.WATER: WaterScreen(presenter),
        }
        for screen in self.screens.values():
            self.stack.addWidget(screen)
        self.status: QLabel = label("status")
        # The accessible mode: a button on every screen, a band layout (its own layer).
        self.accessible = AccessibleLayer(
            accessible or AccessibleLook(), presenter.toggle_accessible
        )
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(0)
        box.addWidget(self.accessible.panel)
        box.addWidget(self.topbar)
        box.addWidget(self.stack, 1)
        box.addWidget(self.status)
        box.addWidget(self.accessible.bar)
        self._metrics: Metrics | None = None
        self._landscape: bool | None = None
        self._painted = False
        self._shutting_down = False
        self._unsubscribe = presenter.subscribe(self.refresh)
        self._busy_timer = QTimer(self)
        self._busy_timer.setSingleShot(True)
        self._busy_timer.setInterval(BUSY_DELAY_MS)
        self._busy_timer.timeout.connect(self._show_busy)
        self.timer = QTimer(self)
        self.timer.setInterval(1000)
        self.timer.timeout.connect(presenter.tick)
        self.timer.start()
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        self.refresh()

    # -- drawing -------------------------------------------------------------
    def refresh(self) -> None:
        p = self.p
        if p.quit_requested:
            self.close()
            return
        if p.language != self._qt_language:
            self._qt_language = p.language
            install_qt_language(p.language)
        set_text(self.topbar.centre, p.centre_name)
        for lang, b in self.topbar.langs.items():
            set_text(b, LANGUAGE_NAMES[lang])
            b.setChecked(lang == p.language)
        screen = self.screens[p.screen]
        screen.update_from(p)
        if p.screen is Sc.BUSY:
            # Most answers take a few milliseconds: show "please wait" only if this
            # one does not, so the screen does not flicker.
            if self.stack.currentWidget() is not screen and not self._busy_timer.isActive():
                self._busy_timer.start()
        elif self.stack.currentWidget() is not screen:
            self._busy_timer.stop()
            self.stack.setCurrentWidget(screen)
        text = p.status_text
        set_text(self.status, text)
        self.status.setVisible(bool(text))
        said = prompt(p) if p.accessible else ""  # the ordinary screens pay nothing
        changed = self.accessible.apply(p.accessible, self.size(), said, p.tr, self._number())
        # before the first show, the resize event that comes first styles the window once
        if changed and not self.testAttribute(Qt.WidgetAttribute.WA_PendingResizeEvent):
            self._restyle()

    def _number(self) -> str:
        ticket = self.p.ticket if self.p.accessible and self.p.screen is Sc.TICKET else None
        return ticket.number if ticket else ""

    def _show_busy(self) -> None:
        if self.p.screen is Sc.BUSY:
            self.stack.setCurrentWidget(self.screens[Sc.BUSY])

    def _restyle(self) -> None:
        """Sizes and stylesheet for the window's size and mode: the screens get the same
        `Metrics` either way, the accessible one sized by the band within reach."""
        size = self.size()
        layer = self.accessible
        if layer.on:
            layer.apply(True, size, prompt(self.p), self.p.tr, self._number())
        mm = px_per_mm(self.screen())
        metrics = layer.metrics(size, mm)
        layer.set_metrics(metrics, size, mm)
        if metrics != self._metrics:
            self._metrics = metrics
            self.setStyleSheet(stylesheet(metrics))
            self.topbar.set_metrics(metrics)
            for screen in self.screens.values():
                screen.set_metrics(metrics)

    def resizeEvent(self, event: QResizeEvent) -> None:
        size = event.size()
        self._restyle()
        landscape = size.width() >= size.height()
        if landscape != self._landscape:
            self._landscape = landscape
            for screen in self.screens.values():
                screen.set_landscape(landscape)
            self.refresh()
        super().resizeEvent(event)

    @property
    def metrics(self) -> Metrics | None:
        return self._metrics

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            self.first_frame.emit()

    # -- lockdown and input ---------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in _TOUCH_EVENTS:
            self.p.touched()
        elif kind == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            self._key(event)
            return True  # no key ever reaches a widget: no shortcuts, no way out
        elif kind == QEvent.Type.KeyRelease or kind == QEvent.Type.ShortcutOverride:
            return True
        return False

    def _key(self, event: QKeyEvent) -> None:
        key = "Enter" if event.key() in _ENTER else event.text()
        stamp = event.timestamp() / 1000 if event.timestamp() else time.monotonic()
        code = self.wedge.feed(key, stamp)
        if code is not None:
            log.info("keyboard-wedge scan received")
            self.p.scanned(code)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        event.accept()  # swallowed: Esc, Alt+F4 (as a key), Ctrl+Q do nothing

    def shutdown(self) -> None:
        """Close for the system (SIGTERM, the benchmark), not for a visitor."""
        self._shutting_down = True
        self.close()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.locked and not self.p.quit_requested and not self._shutting_down:
            log.info("close request ignored (the kiosk leaves only with the staff PIN)")
            event.ignore()
            return
        self.timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        self._unsubscribe()
        event.accept()
