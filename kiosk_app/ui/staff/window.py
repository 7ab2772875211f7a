"""The staff console's window: sign-in, then the role's screen; refreshed on a timer."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow, QStackedWidget, QWidget

from kiosk_app.presenters.staff.console import StaffConsole
from kiosk_app.presenters.staff.counter import CounterPresenter
from kiosk_app.ui.qt_language import install_qt_language
from kiosk_app.ui.staff.counter import CounterWidget
from kiosk_app.ui.staff.manager import ManagerWidget
from kiosk_app.ui.staff.signin import SignInWidget

_ACTIVITY = {QEvent.Type.MouseButtonPress, QEvent.Type.KeyPress, QEvent.Type.TouchBegin}


class StaffWindow(QMainWindow):
    def __init__(
        self, console: StaffConsole, centre_name: str = "", refresh_seconds: float = 2.0
    ) -> None:
        super().__init__()
        self.console = console
        install_qt_language(console.tr.language)
        self.setWindowTitle("ASAN xidmət · " + console.tr("staff.signin.title"))
        self.stack = QStackedWidget()
        self.setCentralWidget(self.stack)
        self.signin = SignInWidget(console.signin, centre_name)
        self.stack.addWidget(self.signin)
        self.current: QWidget | None = None
        self.timer = QTimer(self)
        self.timer.setInterval(int(refresh_seconds * 1000))
        self.timer.timeout.connect(console.refresh)
        console.listeners.append(self._switch)
        app = QApplication.instance()
        if app is not None:  # any key or click counts as someone at the console
            app.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _ACTIVITY:
            self.console.touched()
        return False

    def _switch(self) -> None:
        if self.current is not None:
            self.stack.removeWidget(self.current)
            self.current.deleteLater()
            self.current = None
        presenter = self.console.screen
        if presenter is None:
            self.timer.stop()
            self.stack.setCurrentWidget(self.signin)
            self.signin.username.setFocus()
            return
        if isinstance(presenter, CounterPresenter):
            widget: CounterWidget | ManagerWidget = CounterWidget(presenter, self.console.who)
        else:
            widget = ManagerWidget(presenter, self.console.who)
        widget.sign_out.clicked.connect(lambda _checked=False: self.console.sign_out())
        self.current = widget
        self.stack.addWidget(widget)
        self.stack.setCurrentWidget(widget)
        self.timer.start()
