"""The simple screens: home, order-code keypad, busy, refusal message, staff exit.

Each screen observes the presenter through `update_from(p)` and forwards taps
to it; none holds state of its own.
"""

from __future__ import annotations

from functools import partial

from PySide6.QtWidgets import (
    QBoxLayout,
    QHBoxLayout,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kiosk_app.presenters.kiosk.presenter import KioskPresenter
from kiosk_app.ui.kiosk.widgets import ChoiceButton, Keypad, button, flow, label, set_text


class Screen(QWidget):
    def __init__(self, p: KioskPresenter) -> None:
        super().__init__()
        self.p = p

    def update_from(self, p: KioskPresenter) -> None:
        raise NotImplementedError

    def set_landscape(self, landscape: bool) -> None:
        """Arrange for the window's orientation (default: nothing to change)."""


class HomeScreen(Screen):
    def __init__(self, p: KioskPresenter) -> None:
        super().__init__(p)
        self.welcome = label("title")
        self.question = label("subtitle")
        self.code = ChoiceButton("choice", p.choose_code)
        self.walk_in = ChoiceButton("choice2", p.choose_walk_in)
        self.scan_hint = label("hint")
        self.choices = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.choices.setSpacing(48)
        self.choices.addWidget(self.code, 1)
        self.choices.addWidget(self.walk_in, 1)
        box = QVBoxLayout(self)
        box.setContentsMargins(64, 32, 64, 32)
        box.setSpacing(20)
        box.addStretch(1)
        box.addWidget(self.welcome)
        box.addWidget(self.question)
        box.addSpacing(24)
        box.addLayout(self.choices, 8)
        box.addSpacing(16)
        box.addWidget(self.scan_hint)
        box.addStretch(1)

    def set_landscape(self, landscape: bool) -> None:
        flow(self.choices, landscape)

    def update_from(self, p: KioskPresenter) -> None:
        tr = p.tr
        set_text(self.welcome, tr("common.welcome"))
        set_text(self.question, tr("kiosk.home.question"))
        set_text(self.code.title, tr("kiosk.home.code"))
        set_text(self.code.hint, tr("kiosk.home.code_hint"))
        set_text(self.walk_in.title, tr("kiosk.home.walk_in"))
        set_text(self.walk_in.hint, tr("kiosk.home.walk_in_hint"))
        set_text(self.scan_hint, tr("kiosk.home.scan_hint"))


class CodeScreen(Screen):
    """The order code: grouped display, keypad, typing error shown in place."""

    def __init__(self, p: KioskPresenter) -> None:
        super().__init__(p)
        self.title = label("title")
        self.hint = label("hint")
        self.display = label("codedisplay", wrap=False)
        self.error = label("error")
        self.keypad = Keypad(p.key_digit, p.key_clear, p.key_backspace)
        self.back = button("", "secondary", p.back)
        self.confirm = button("", "primary", p.submit_code)
        left = QVBoxLayout()
        left.setSpacing(18)
        left.addStretch(1)
        left.addWidget(self.title)
        left.addWidget(self.hint)
        left.addSpacing(10)
        left.addWidget(self.display)
        left.addWidget(self.error)
        left.addStretch(1)
        actions = QHBoxLayout()
        actions.setSpacing(24)
        actions.addWidget(self.back, 1)
        actions.addWidget(self.confirm, 2)
        left.addLayout(actions)
        self.split = QBoxLayout(QBoxLayout.Direction.LeftToRight, self)
        self.split.setContentsMargins(56, 24, 56, 32)
        self.split.setSpacing(56)
        self.split.addLayout(left, 5)
        self.split.addWidget(self.keypad, 4)

    def set_landscape(self, landscape: bool) -> None:
        flow(self.split, landscape)

    def update_from(self, p: KioskPresenter) -> None:
        tr = p.tr
        set_text(self.title, tr("kiosk.code.title"))
        set_text(self.hint, tr("kiosk.code.hint"))
        set_text(self.display, p.entry.display)
        set_text(self.error, p.code_error_text)
        set_text(self.keypad.clear, tr("kiosk.code.clear"))
        set_text(self.keypad.backspace, tr("kiosk.code.backspace"))
        set_text(self.back, "‹  " + tr("common.back"))
        set_text(self.confirm, tr("kiosk.code.confirm"))
        self.confirm.setEnabled(p.entry.complete)
        full = p.entry.complete
        for digit in self.keypad.digits.values():
            digit.setEnabled(not full)


class PhoneScreen(Screen):
    """A walk-in's optional mobile number, for the "your turn is near" SMS."""

    def __init__(self, p: KioskPresenter) -> None:
        super().__init__(p)
        self.title = label("title")
        self.hint = label("hint")
        self.display = label("codedisplay", wrap=False)
        self.error = label("error")
        self.keypad = Keypad(p.phone_digit, p.phone_clear, p.phone_backspace)
        self.back = button("", "secondary", p.back)
        self.skip = button("", "secondary", p.skip_phone)
        self.confirm = button("", "primary", p.submit_phone)
        left = QVBoxLayout()
        left.setSpacing(18)
        left.addStretch(1)
        left.addWidget(self.title)
        left.addWidget(self.hint)
        left.addSpacing(10)
        left.addWidget(self.display)
        left.addWidget(self.error)
        left.addStretch(1)
        actions = QHBoxLayout()
        actions.setSpacing(24)
        actions.addWidget(self.back, 3)  # "‹  Назад" fits beside the two others
        actions.addWidget(self.skip, 4)
        actions.addWidget(self.confirm, 4)
        left.addLayout(actions)
        self.split = QBoxLayout(QBoxLayout.Direction.LeftToRight, self)
        self.split.setContentsMargins(56, 24, 56, 32)
        self.split.setSpacing(56)
        self.split.addLayout(left, 5)
        self.split.addWidget(self.keypad, 4)

    def set_landscape(self, landscape: bool) -> None:
        flow(self.split, landscape)

    def update_from(self, p: KioskPresenter) -> None:
        tr = p.tr
        set_text(self.title, tr("kiosk.phone.title"))
        set_text(self.hint, tr("kiosk.phone.hint"))
        set_text(self.display, p.phone_display)
        set_text(self.error, p.phone_error_text)
        set_text(self.keypad.clear, tr("kiosk.code.clear"))
        set_text(self.keypad.backspace, tr("kiosk.code.backspace"))
        set_text(self.back, "‹  " + tr("common.back"))
        set_text(self.skip, tr("kiosk.phone.skip"))
        set_text(self.confirm, tr("kiosk.phone.confirm"))
        full = p.phone.complete
        self.confirm.setEnabled(full)
        for digit in self.keypad.digits.values():
            digit.setEnabled(not full)


class BusyScreen(Screen):
    def __init__(self, p: KioskPresenter) -> None:
        super().__init__(p)
        self.text = label("busy")
        self.wait = label("subtitle")
        box = QVBoxLayout(self)
        box.addStretch(1)
        box.addWidget(self.text)
        box.addWidget(self.wait)
        box.addStretch(1)

    def update_from(self, p: KioskPresenter) -> None:
        set_text(self.text, p.tr(p.busy_key))
        set_text(self.wait, p.tr("kiosk.busy.wait"))


class MessageScreen(Screen):
    """One refusal: what happened, the next step, and buttons for it."""

    MAX_ACTIONS = 3

    def __init__(self, p: KioskPresenter) -> None:
        super().__init__(p)
        self.title = label("msgtitle")
        self.body = label("msgbody")
        self.next = label("msgnext")
        self.buttons: list[QPushButton] = []
        self._keys = [""] * self.MAX_ACTIONS
        row = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        row.setSpacing(24)
        self.action_row = row
        for i in range(self.MAX_ACTIONS):
            b = button("", "primary" if i == 0 else "secondary", partial(self._act, i))
            self.buttons.append(b)
            row.addWidget(b, 1)
        box = QVBoxLayout(self)
        box.setContentsMargins(96, 40, 96, 48)
        box.setSpacing(28)
        box.addStretch(1)
        box.addWidget(self.title)
        box.addWidget(self.body)
        box.addWidget(self.next)
        box.addStretch(1)
        box.addLayout(row)

    def _act(self, index: int) -> None:
        if self._keys[index]:
            self.p.message_action(self._keys[index])

    def set_landscape(self, landscape: bool) -> None:
        flow(self.action_row, landscape)

    def update_from(self, p: KioskPresenter) -> None:
        view = p.message
        if view is None:
            return
        set_text(self.title, view.title)
        set_text(self.body, view.body)
        set_text(self.next, view.next_step)
        self.next.setVisible(bool(view.next_step))
        for i, b in enumerate(self.buttons):
            if i < len(view.actions):
                self._keys[i] = view.actions[i][0]
                set_text(b, view.actions[i][1])
                b.setVisible(True)
            else:
                self._keys[i] = ""
                b.setVisible(False)


class StaffScreen(Screen):
    """The PIN pad that lets staff close the kiosk."""

    def __init__(self, p: KioskPresenter) -> None:
        super().__init__(p)
        self.title = label("title")
        self.hint = label("hint")
        self.pin = label("codedisplay", wrap=False)
        self.error = label("error")
        self.keypad = Keypad(p.staff_digit, p.back, p.staff_backspace)
        self.exit = button("", "primary", p.staff_submit)
        left = QVBoxLayout()
        left.setSpacing(16)
        left.addStretch(1)
        for widget in (self.title, self.hint, self.pin, self.error):
            left.addWidget(widget)
        left.addStretch(1)
        left.addWidget(self.exit)
        self.split = QBoxLayout(QBoxLayout.Direction.LeftToRight, self)
        self.split.setContentsMargins(96, 24, 96, 32)
        self.split.setSpacing(56)
        self.split.addLayout(left, 1)
        self.split.addWidget(self.keypad, 1)

    def set_landscape(self, landscape: bool) -> None:
        flow(self.split, landscape)

    def update_from(self, p: KioskPresenter) -> None:
        tr = p.tr
        set_text(self.title, tr("kiosk.staff_exit.title"))
        set_text(self.hint, tr("kiosk.staff_exit.hint"))
        set_text(self.pin, p.staff.masked or " ")
        set_text(self.error, p.staff_error_text)
        set_text(self.keypad.clear, tr("kiosk.staff_exit.cancel"))
        set_text(self.keypad.backspace, tr("kiosk.code.backspace"))
        set_text(self.exit, tr("kiosk.staff_exit.exit"))
