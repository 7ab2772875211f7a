"""The simple screens: home, order-code keypad, busy, refusal message, staff exit.

Each screen observes the presenter through `update_from(p)` and forwards taps
to it; none holds state of its own.
"""

from __future__ import annotations

from functools import partial

from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QBoxLayout,
    QHBoxLayout,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kiosk_app.presenters.kiosk.presenter import KioskPresenter
from kiosk_app.ui.kiosk.theme import Metrics
from kiosk_app.ui.kiosk.widgets import (
    ChoiceButton,
    Keypad,
    button,
    flow,
    label,
    set_text,
    side_by_side_fits,
)


class Screen(QWidget):
    def __init__(self, p: KioskPresenter) -> None:
        super().__init__()
        self.p = p

    def update_from(self, p: KioskPresenter) -> None:
        raise NotImplementedError

    def set_landscape(self, landscape: bool) -> None:
        """Arrange for the window's orientation (default: nothing to change)."""

    def set_metrics(self, m: Metrics) -> None:
        """Margins and spacings for this window size (type comes from the stylesheet)."""


class HomeScreen(Screen):
    def __init__(self, p: KioskPresenter) -> None:
        super().__init__(p)
        self.welcome = label("title")
        self.question = label("subtitle")
        self.code = ChoiceButton("choice", p.choose_code)
        self.walk_in = ChoiceButton("choice2", p.choose_walk_in)
        self.scan_hint = label("hint")
        self.choices = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.choices.addWidget(self.code, 1)
        self.choices.addWidget(self.walk_in, 1)
        self.box = box = QVBoxLayout(self)
        box.addStretch(1)
        box.addWidget(self.welcome)
        box.addWidget(self.question)
        box.addLayout(self.choices, 8)
        box.addWidget(self.scan_hint)
        box.addStretch(1)

    def set_landscape(self, landscape: bool) -> None:
        flow(self.choices, landscape)

    def set_metrics(self, m: Metrics) -> None:
        self.box.setContentsMargins(m.margin, m.gap, m.margin, m.gap)
        self.box.setSpacing(m.gap)
        self.choices.setSpacing(m.px(0.04))
        for choice in (self.code, self.walk_in):
            choice.set_metrics(m)

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
        self.left = left = QVBoxLayout()
        left.addStretch(1)
        left.addWidget(self.title)
        left.addWidget(self.hint)
        left.addWidget(self.display)
        left.addWidget(self.error)
        left.addStretch(1)
        self.action_box = actions = QHBoxLayout()
        actions.addWidget(self.back, 1)
        actions.addWidget(self.confirm, 2)
        left.addLayout(actions)
        self.split = QBoxLayout(QBoxLayout.Direction.LeftToRight, self)
        self.split.addLayout(left, 5)
        self.split.addWidget(self.keypad, 4)

    def set_landscape(self, landscape: bool) -> None:
        flow(self.split, landscape)

    def set_metrics(self, m: Metrics) -> None:
        self.split.setContentsMargins(m.margin, m.gap, m.margin, m.gap)
        self.split.setSpacing(m.px(0.045))
        self.left.setSpacing(m.gap)
        self.action_box.setSpacing(m.gap)
        self.keypad.set_metrics(m)

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


class BusyScreen(Screen):
    def __init__(self, p: KioskPresenter) -> None:
        super().__init__(p)
        self.text = label("busy")
        self.wait = label("subtitle")
        self.box = box = QVBoxLayout(self)
        box.addStretch(1)
        box.addWidget(self.text)
        box.addWidget(self.wait)
        box.addStretch(1)

    def set_metrics(self, m: Metrics) -> None:
        self.box.setContentsMargins(m.margin, m.gap, m.margin, m.gap)
        self.box.setSpacing(m.gap)

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
        self._landscape = True
        row = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.action_row = row
        for i in range(self.MAX_ACTIONS):
            b = button("", "primary" if i == 0 else "secondary", partial(self._act, i))
            self.buttons.append(b)
            row.addWidget(b, 1)
        self.box = box = QVBoxLayout(self)
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
        self._landscape = landscape
        self._arrange()

    def _arrange(self) -> None:
        """Buttons side by side when their words fit so, else one above the other."""
        m = self.box.contentsMargins()
        room = self.width() - m.left() - m.right()
        fits = side_by_side_fits(self.buttons, room, self.action_row.spacing())
        flow(self.action_row, self._landscape and fits)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._arrange()

    def set_metrics(self, m: Metrics) -> None:
        self.box.setContentsMargins(m.px(0.08), m.gap, m.px(0.08), m.gap * 2)
        self.box.setSpacing(m.gap)
        self.action_row.setSpacing(m.gap)

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
        self._arrange()


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
        self.left = left = QVBoxLayout()
        left.addStretch(1)
        for widget in (self.title, self.hint, self.pin, self.error):
            left.addWidget(widget)
        left.addStretch(1)
        left.addWidget(self.exit)
        self.split = QBoxLayout(QBoxLayout.Direction.LeftToRight, self)
        self.split.addLayout(left, 1)
        self.split.addWidget(self.keypad, 1)

    def set_landscape(self, landscape: bool) -> None:
        flow(self.split, landscape)

    def set_metrics(self, m: Metrics) -> None:
        self.split.setContentsMargins(m.px(0.08), m.gap, m.px(0.08), m.gap)
        self.split.setSpacing(m.px(0.045))
        self.left.setSpacing(m.gap)
        self.keypad.set_metrics(m)

    def update_from(self, p: KioskPresenter) -> None:
        tr = p.tr
        set_text(self.title, tr("kiosk.staff_exit.title"))
        set_text(self.hint, tr("kiosk.staff_exit.hint"))
        set_text(self.pin, p.staff.masked or " ")
        set_text(self.error, p.staff_error_text)
        set_text(self.keypad.clear, tr("kiosk.staff_exit.cancel"))
        set_text(self.keypad.backspace, tr("kiosk.code.backspace"))
        set_text(self.exit, tr("kiosk.staff_exit.exit"))


class OutOfServiceScreen(Screen):
    """The store is damaged: nothing can be issued here. Says so in all three
    languages (the visitor's first) and sends the visitor to staff; staff were
    alerted (management screen, IT) when the kiosk went out of service."""

    def __init__(self, p: KioskPresenter) -> None:
        super().__init__(p)
        self.title = label("title")
        self.text = label("subtitle")
        self.others = [(label("subtitle"), label("hint")) for _ in range(2)]
        box = QVBoxLayout(self)
        box.setContentsMargins(64, 32, 64, 32)
        box.setSpacing(16)
        box.addStretch(1)
        box.addWidget(self.title)
        box.addWidget(self.text)
        for title, text in self.others:
            box.addSpacing(32)
            box.addWidget(title)
            box.addWidget(text)
        box.addStretch(1)

    def update_from(self, p: KioskPresenter) -> None:
        (title, text), *others = p.out_of_service_texts
        set_text(self.title, title)
        set_text(self.text, text)
        for (title_label, text_label), (other_title, other_text) in zip(
            self.others, others, strict=True
        ):
            set_text(title_label, other_title)
            set_text(text_label, other_text)
