""" "Su borcunu öyrən": subscriber code on the keypad, the subscriber type, the answer
(and its slip). A thin view over `KioskPresenter.water`."""

from __future__ import annotations

from functools import partial

from PySide6.QtWidgets import QBoxLayout, QHBoxLayout, QVBoxLayout

from kiosk_app.presenters.kiosk.presenter import KioskPresenter
from kiosk_app.ui.kiosk.screens import Screen
from kiosk_app.ui.kiosk.widgets import Keypad, button, flow, label, set_text
from server_sync.domain.water_debt import SUBSCRIBER_TYPES


class WaterScreen(Screen):
    def __init__(self, p: KioskPresenter) -> None:
        super().__init__(p)
        self.setObjectName("water")
        self.title = label("title")
        self.hint = label("hint")
        self.display = label("codedisplay", wrap=False)
        self.kinds = {
            k: button("", "secondary", partial(p.water_kind, k)) for k in SUBSCRIBER_TYPES
        }
        self.answer = label("subtitle")
        self.keypad = Keypad(p.water_digit, p.water_clear, p.water_backspace)
        self.back = button("", "secondary", p.back)
        self.ask = button("", "primary", p.water_submit)
        kinds = QHBoxLayout()
        kinds.setSpacing(16)
        for b in self.kinds.values():
            b.setCheckable(True)
            kinds.addWidget(b, 1)
        left = QVBoxLayout()
        left.setSpacing(14)
        left.addWidget(self.title)
        left.addWidget(self.hint)
        left.addWidget(self.display)
        left.addLayout(kinds)
        left.addWidget(self.answer, 1)
        actions = QHBoxLayout()
        actions.setSpacing(24)
        actions.addWidget(self.back, 1)
        actions.addWidget(self.ask, 2)
        left.addLayout(actions)
        self.split = QBoxLayout(QBoxLayout.Direction.LeftToRight, self)
        self.split.setContentsMargins(56, 24, 56, 32)
        self.split.setSpacing(48)
        self.split.addLayout(left, 5)
        self.split.addWidget(self.keypad, 4)

    def set_landscape(self, landscape: bool) -> None:
        flow(self.split, landscape)

    def update_from(self, p: KioskPresenter) -> None:
        tr, water = p.tr, p.water
        set_text(self.title, tr("water.title"))
        set_text(self.hint, tr("water.code_hint"))
        set_text(self.display, water.code or "—")
        for kind, b in self.kinds.items():
            set_text(b, tr(SUBSCRIBER_TYPES[kind]))
            b.setChecked(kind == water.kind)
            name = "primary" if kind == water.kind else "secondary"  # the chosen one stands out
            if b.objectName() != name:
                b.setObjectName(name)
                b.style().unpolish(b)
                b.style().polish(b)
        set_text(self.keypad.clear, tr("kiosk.code.clear"))
        set_text(self.keypad.backspace, tr("kiosk.code.backspace"))
        set_text(self.back, "‹  " + tr("common.back"))
        set_text(self.ask, tr("kiosk.busy.checking") if water.asking else tr("water.lookup"))
        self.ask.setEnabled(bool(water.code) and not water.asking)
        lines = [f"{name}: {value}" for name, value in p.water_lines]
        if water.answer is not None and water.answer.failure:
            lines = [tr(water.answer.failure)]
        if water.printed is True:
            lines.append(tr("kiosk.water.printed"))
        elif water.printed is False:
            lines.append(tr("kiosk.water.not_printed"))
        set_text(self.answer, "\n".join(lines))
