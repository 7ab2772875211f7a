""" "Take your ticket": the number huge, its QR, people ahead, the wait, print state.

The number and QR are on screen before the printer is asked, so a printer
fault never leaves the visitor without their number.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QBoxLayout, QVBoxLayout, QWidget

from kiosk_app.presenters.kiosk.presenter import KioskPresenter, PrintState
from kiosk_app.ui.kiosk.screens import Screen
from kiosk_app.ui.kiosk.theme import Metrics
from kiosk_app.ui.kiosk.widgets import QrView, button, flow, label, set_text, side_by_side_fits


class TicketScreen(Screen):
    def __init__(self, p: KioskPresenter) -> None:
        super().__init__(p)
        self.take = label("take")
        self.caption = label("numbercaption")
        self.number = label("number", wrap=False)
        self.service = label("service")
        self.ahead = label("info")
        self.wait = label("info")
        self.slot = label("info")
        self.qr = QrView()
        self.qr_hint = label("hint")
        # one label per print state (styled by name), so a state change never re-polishes
        self.print_labels = {
            PrintState.PRINTING: label("printing"),
            PrintState.PRINTED: label("printok"),
            PrintState.FAILED: label("printfail"),
        }
        self.print_text = self.print_labels[PrintState.PRINTING]
        self.retry = button("", "primary", p.retry_print)
        self.done = button("", "secondary", p.go_home)

        card = QWidget()
        card.setObjectName("ticketcard")
        card.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.info = info = QVBoxLayout()
        info.addStretch(1)
        info.addWidget(self.caption)
        info.addWidget(self.number)
        info.addWidget(self.service)
        info.addWidget(self.ahead)
        info.addWidget(self.wait)
        info.addWidget(self.slot)
        info.addStretch(1)
        self.qr_col = qr_col = QVBoxLayout()
        qr_col.addWidget(self.qr, 1)
        qr_col.addWidget(self.qr_hint)
        self.split = QBoxLayout(QBoxLayout.Direction.LeftToRight, card)
        self.split.addLayout(info, 3)
        self.split.addLayout(qr_col, 2)

        self.action_box = actions = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        actions.addWidget(self.retry, 1)
        actions.addWidget(self.done, 1)
        self.box = box = QVBoxLayout(self)
        box.addWidget(self.take)
        box.addWidget(card, 1)
        for lab in self.print_labels.values():
            box.addWidget(lab)
        box.addLayout(actions)

    def set_landscape(self, landscape: bool) -> None:
        flow(self.split, landscape)

    def set_metrics(self, m: Metrics) -> None:
        # The QR is for a phone; in the accessible mode the band keeps its room for the
        # controls (the number is also shown large above the band).
        self.qr.setVisible(not m.accessible)
        self.qr_hint.setVisible(not m.accessible)
        self.split.setStretch(1, 0 if m.accessible else 2)  # the card's text centred then
        self.qr.setMinimumSize(m.qr_min, m.qr_min)
        self.split.setContentsMargins(m.px(0.035), m.gap, m.px(0.035), m.gap)
        self.split.setSpacing(m.px(0.035))
        # the card's lines sit a little closer than a block's rows: with a two-line service
        # name and the booked time, the number keeps its full height at 1280×800
        self.info.setSpacing(m.px(0.008, 3))
        self.qr_col.setSpacing(m.gap_small)
        self.action_box.setSpacing(m.gap)
        self.box.setContentsMargins(m.margin, m.gap, m.margin, m.gap)
        self.box.setSpacing(m.gap)

    def update_from(self, p: KioskPresenter) -> None:
        view = p.ticket
        if view is None:
            return
        tr = p.tr
        set_text(self.take, tr("kiosk.ticket.take"))
        set_text(self.caption, tr("common.your_number"))
        set_text(self.number, view.number)
        set_text(self.service, view.service)
        set_text(self.ahead, view.ahead)
        set_text(self.wait, view.wait)
        self.wait.setVisible(bool(view.wait))
        set_text(self.slot, view.booked_slot)
        self.slot.setVisible(bool(view.booked_slot))
        self.qr.set_url(view.qr_url)
        set_text(self.qr_hint, tr("kiosk.ticket.qr_hint"))
        for state, lab in self.print_labels.items():
            if state is view.print_state:
                set_text(lab, view.print_text)
            lab.setVisible(state is view.print_state)
        self.print_text = self.print_labels[view.print_state]
        set_text(self.retry, tr("kiosk.ticket.retry"))
        self.retry.setVisible(view.can_retry)
        set_text(self.done, tr("kiosk.ticket.done"))
        self._arrange()

    def _arrange(self) -> None:
        m = self.box.contentsMargins()
        room = self.width() - m.left() - m.right()
        fits = side_by_side_fits([self.retry, self.done], room, self.action_box.spacing())
        flow(self.action_box, fits)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._arrange()
