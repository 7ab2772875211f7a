"""Counter workstation: the ticket in hand, the visitor's booking, the queue,
and the buttons the state machine allows now."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kiosk_app.domain.counter import CounterAction, CounterState
from kiosk_app.presenters.staff.counter import CounterPresenter
from kiosk_app.ui.staff.application import ApplicationPanel
from kiosk_app.ui.staff.theme import named
from server_sync.kernel.i18n import N_

_TICKET_BUTTONS = (
    (CounterAction.CALL_NEXT, N_("staff.button.call_next"), "callNext"),
    (CounterAction.RECALL, N_("staff.button.recall"), ""),
    (CounterAction.START, N_("staff.button.start"), ""),
    (CounterAction.FINISH, N_("staff.button.finish"), "finish"),
    (CounterAction.NO_SHOW, N_("staff.button.no_show"), "danger"),
)


class PriorityDialog(QDialog):
    """Service and privilege category for an imtiyaz ticket."""

    def __init__(self, presenter: CounterPresenter, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        tr = presenter.tr
        self.setWindowTitle(tr("staff.button.priority"))
        form = QFormLayout(self)
        self.service = named(QComboBox(), "priorityService")
        for sid, name in presenter.priority_services():
            self.service.addItem(name, sid)
        self.category = named(QComboBox(), "priorityCategory")
        for cat in presenter.priority_categories:
            self.category.addItem(presenter.category_label(cat), cat)
        form.addRow(tr("common.service"), self.service)
        form.addRow(tr("staff.choose_category"), self.category)
        buttons = QDialogButtonBox()
        buttons.addButton(tr("staff.button.issue"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(tr("staff.button.cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)


class CounterWidget(QWidget):
    def __init__(self, presenter: CounterPresenter, who: str = "") -> None:
        super().__init__()
        self.presenter = presenter
        tr = presenter.tr
        root = QVBoxLayout(self)
        header = QHBoxLayout()
        self.title = named(QLabel(), "screenTitle")
        self.state = named(QLabel(), "stateBadge")
        header.addWidget(self.title)
        header.addWidget(self.state)
        header.addStretch(1)
        header.addWidget(named(QLabel(who), "who"))
        self.sign_out = named(QPushButton(tr("common.sign_out")), "flat")
        header.addWidget(self.sign_out)
        root.addLayout(header)

        body = QHBoxLayout()
        ticket_box = named(QFrame(), "card")
        tb = QVBoxLayout(ticket_box)
        tb.addWidget(named(QLabel(tr("staff.current_ticket")), "cardTitle"))
        self.ticket = named(QLabel(), "bigTicket")
        self.ticket.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.detail = named(QLabel(), "ticketDetail")
        self.detail.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.detail.setWordWrap(True)
        tb.addWidget(self.ticket)
        tb.addWidget(self.detail)
        self.visitor_box = named(QFrame(), "visitor")
        vb = QVBoxLayout(self.visitor_box)
        vb.addWidget(named(QLabel(tr("common.online_booking")), "cardTitle"))
        self.visitor_grid = QGridLayout()
        vb.addLayout(self.visitor_grid)
        self.visitor_hint = named(QLabel(), "hint")
        self.visitor_hint.setWordWrap(True)
        vb.addWidget(self.visitor_hint)
        self.reveal = named(QPushButton(tr("staff.button.reveal")), "flat")
        vb.addWidget(self.reveal, 0, Qt.AlignmentFlag.AlignLeft)
        tb.addWidget(self.visitor_box)
        tb.addStretch(1)
        body.addWidget(ticket_box, 3)
        self.application: ApplicationPanel | None = None
        if presenter.applications is not None:
            self.application = ApplicationPanel(presenter.applications)
            body.addWidget(self.application, 4)

        queue_box = named(QFrame(), "card")
        qb = QVBoxLayout(queue_box)
        qb.addWidget(named(QLabel(tr("staff.waiting_for_me")), "cardTitle"))
        self.queue_grid = QGridLayout()
        qb.addLayout(self.queue_grid)
        qb.addStretch(1)
        body.addWidget(queue_box, 2)
        root.addLayout(body, 1)

        self.buttons: dict[CounterAction, QPushButton] = {}
        row = QHBoxLayout()
        for action, key, name in _TICKET_BUTTONS:
            b = named(QPushButton(tr(key)), name or "action")
            b.setMinimumHeight(64 if action is CounterAction.CALL_NEXT else 52)
            b.clicked.connect(lambda _=False, a=action: self.presenter.press(a))
            self.buttons[action] = b
            row.addWidget(b, 2 if action is CounterAction.CALL_NEXT else 1)
        self.transfer = named(QPushButton(tr("staff.button.transfer") + " ▾"), "action")
        self.transfer.setMinimumHeight(52)
        self.transfer.clicked.connect(self._transfer_menu)
        self.buttons[CounterAction.TRANSFER] = self.transfer
        row.addWidget(self.transfer, 1)
        root.addLayout(row)

        row2 = QHBoxLayout()
        self.open_close = named(QPushButton(), "action")
        self.open_close.clicked.connect(self._open_close)
        self.pause = named(QPushButton(), "action")
        self.pause.clicked.connect(self._pause_resume)
        self.priority = named(QPushButton(tr("staff.button.priority")), "priority")
        self.priority.clicked.connect(self._priority)
        for b in (self.open_close, self.pause, self.priority):
            b.setMinimumHeight(44)
            row2.addWidget(b)
        row2.addStretch(1)
        # a no-show who came back: their number, then "back in line" (audited)
        self.requeue_number = named(QLineEdit(), "requeueNumber")
        self.requeue_number.setPlaceholderText("A042")
        self.requeue_number.setMaxLength(8)
        self.requeue_number.setMinimumHeight(44)
        self.requeue_number.setFixedWidth(110)
        self.requeue = named(QPushButton(tr("staff.button.requeue")), "action")
        self.requeue.setMinimumHeight(44)
        self.requeue.clicked.connect(self._requeue)
        self.requeue_number.returnPressed.connect(self._requeue)
        row2.addWidget(self.requeue_number)
        row2.addWidget(self.requeue)
        root.addLayout(row2)
        self.message = named(QLabel(), "message")
        self.message.setWordWrap(True)
        root.addWidget(self.message)
        self.reveal.clicked.connect(self.presenter.reveal)
        presenter.listeners.append(self.show_view)
        self.show_view()

    def show_view(self) -> None:
        v = self.presenter.view
        tr = self.presenter.tr
        self.title.setText(v.title)
        self.state.setText(v.state_text)
        self.state.setProperty("state", v.state.value)
        self.state.style().unpolish(self.state)
        self.state.style().polish(self.state)
        self.ticket.setText(v.ticket)
        self.detail.setText(v.ticket_detail)
        _fill(self.visitor_grid, v.visitor)
        self.visitor_box.setVisible(bool(v.visitor))
        self.visitor_hint.setText(v.visitor_hint)
        self.reveal.setVisible(v.can_reveal)
        _fill(self.queue_grid, [(name, str(n)) for name, n in v.waiting])
        if self.application is not None:
            self.application.setVisible(v.application_form)
        for action, button in self.buttons.items():
            button.setEnabled(action in v.enabled)
        closed = v.state is CounterState.CLOSED
        self.open_close.setText(tr("staff.button.open") if closed else tr("staff.button.close"))
        self.open_close.setEnabled(
            (CounterAction.OPEN if closed else CounterAction.CLOSE) in v.enabled
        )
        paused = v.state is CounterState.PAUSED
        self.pause.setText(tr("staff.button.resume") if paused else tr("staff.button.pause"))
        self.pause.setEnabled(
            (CounterAction.RESUME if paused else CounterAction.PAUSE) in v.enabled
        )
        msg = v.message
        self.message.setText(msg.text if msg else "")
        self.message.setProperty("error", bool(msg and msg.error))
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)

    def _requeue(self) -> None:
        number = self.requeue_number.text().strip()
        if number:
            message = self.presenter.requeue(number)
            if not message.error:
                self.requeue_number.clear()

    def _open_close(self) -> None:
        closed = self.presenter.view.state is CounterState.CLOSED
        self.presenter.press(CounterAction.OPEN if closed else CounterAction.CLOSE)

    def _pause_resume(self) -> None:
        paused = self.presenter.view.state is CounterState.PAUSED
        self.presenter.press(CounterAction.RESUME if paused else CounterAction.PAUSE)

    def transfer_menu(self) -> QMenu:
        v = self.presenter.view
        tr = self.presenter.tr
        menu = QMenu(self)
        services = menu.addMenu(tr("staff.transfer_to_service"))
        for sid, name in v.transfer_services:
            services.addAction(name, lambda s=sid: self.presenter.transfer_to_service(s))
        counters = menu.addMenu(tr("staff.transfer_to_counter"))
        for n in v.transfer_counters:
            counters.addAction(
                tr("staff.counter_title", n=n), lambda c=n: self.presenter.transfer_to_counter(c)
            )
        return menu

    def _transfer_menu(self) -> None:
        self.transfer_menu().exec(self.transfer.mapToGlobal(self.transfer.rect().bottomLeft()))

    def _priority(self) -> None:
        dialog = PriorityDialog(self.presenter, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.presenter.issue_priority(
                dialog.service.currentData(), dialog.category.currentData()
            )


def _fill(grid: QGridLayout, rows: list[tuple[str, str]]) -> None:
    while grid.count():
        item = grid.takeAt(0)
        w = item.widget() if item is not None else None
        if w is not None:
            w.hide()
            w.deleteLater()
    for i, (label, value) in enumerate(rows):
        lab = named(QLabel(label), "fieldLabel")
        lab.setWordWrap(True)  # a long service name wraps instead of widening its column
        grid.addWidget(lab, i, 0)
        val = named(QLabel(value), "fieldValue")
        val.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        grid.addWidget(val, i, 1)
    grid.setColumnStretch(1, 1)
