"""The keypad entry screens: a number typed with a way to go on without it (a walk-in's
mobile number for the SMS, their agency application's number)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtWidgets import QBoxLayout, QHBoxLayout, QVBoxLayout

from kiosk_app.presenters.kiosk.presenter import KioskPresenter
from kiosk_app.ui.kiosk.screens import Screen
from kiosk_app.ui.kiosk.theme import Metrics
from kiosk_app.ui.kiosk.widgets import Keypad, button, flow, label, set_text
from server_sync.kernel.i18n import N_


class EntryScreen(Screen):
    """A number typed on the keypad, with a way to go on without it: a walk-in's mobile
    number, or their agency application's number."""

    def __init__(
        self,
        p: KioskPresenter,
        digit: Callable[[str], None],
        clear: Callable[[], None],
        backspace: Callable[[], None],
        skip: Callable[[], None],
        confirm: Callable[[], None],
    ) -> None:
        super().__init__(p)
        self.title = label("title")
        self.hint = label("hint")
        self.display = label("codedisplay", wrap=False)
        self.error = label("error")
        self.keypad = Keypad(digit, clear, backspace)
        self.back = button("", "secondary", p.back)
        self.skip = button("", "secondary", skip)
        self.confirm = button("", "primary", confirm)
        self.left = left = QVBoxLayout()
        left.addStretch(1)
        left.addWidget(self.title)
        left.addWidget(self.hint)
        left.addWidget(self.display)
        left.addWidget(self.error)
        left.addStretch(1)
        # "go on without it" gets a row of its own: its words are the longest
        left.addWidget(self.skip)
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

    def show_entry(
        self, p: KioskPresenter, texts: EntryTexts, shown: str, error: str, ready: bool, full: bool
    ) -> None:
        tr = p.tr
        set_text(self.title, tr(texts.title))
        set_text(self.hint, tr(texts.hint))
        set_text(self.display, shown)
        set_text(self.error, error)
        set_text(self.keypad.clear, tr("kiosk.code.clear"))
        set_text(self.keypad.backspace, tr("kiosk.code.backspace"))
        set_text(self.back, "‹  " + tr("common.back"))
        set_text(self.skip, tr(texts.skip))
        set_text(self.confirm, tr(texts.confirm))
        self.confirm.setEnabled(ready)
        for digit in self.keypad.digits.values():
            digit.setEnabled(not full)


@dataclass(frozen=True)
class EntryTexts:
    title: str
    hint: str
    skip: str
    confirm: str


PHONE_TEXTS = EntryTexts(
    N_("kiosk.phone.title"),
    N_("kiosk.phone.hint"),
    N_("kiosk.phone.skip"),
    N_("kiosk.phone.confirm"),
)
APPLICATION_TEXTS = EntryTexts(
    N_("kiosk.application.title"),
    N_("kiosk.application.hint"),
    N_("kiosk.application.skip"),
    N_("kiosk.application.confirm"),
)


class PhoneScreen(EntryScreen):
    """A walk-in's optional mobile number, for the "your turn is near" SMS."""

    def __init__(self, p: KioskPresenter) -> None:
        super().__init__(
            p, p.phone_digit, p.phone_clear, p.phone_backspace, p.skip_phone, p.submit_phone
        )

    def update_from(self, p: KioskPresenter) -> None:
        full = p.phone.complete
        self.show_entry(p, PHONE_TEXTS, p.phone_display, p.phone_error_text, full, full)


class ApplicationScreen(EntryScreen):
    """A walk-in's agency application number ("Müraciət nömrəniz"), optional: the
    counter opens the application when it calls the ticket."""

    def __init__(self, p: KioskPresenter) -> None:
        super().__init__(
            p,
            p.application_digit,
            p.application_clear,
            p.application_backspace,
            p.skip_application,
            p.submit_application,
        )
        # a number filed before New Year carries the year before
        self.year = button("", "secondary", p.switch_application_year)
        self.left.insertWidget(self.left.indexOf(self.display) + 1, self.year)

    def update_from(self, p: KioskPresenter) -> None:
        entry = p.application.keys
        self.show_entry(
            p, APPLICATION_TEXTS, p.application_display, "", not entry.empty, entry.complete
        )
        set_text(self.year, p.application_year_text)
