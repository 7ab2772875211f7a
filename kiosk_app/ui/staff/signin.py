"""Sign-in form: username, password/PIN, one error line."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kiosk_app.presenters.staff.signin import SignInPresenter
from kiosk_app.ui.staff.theme import named


class SignInWidget(QWidget):
    def __init__(self, presenter: SignInPresenter, centre_name: str = "") -> None:
        super().__init__()
        self.presenter = presenter
        tr = presenter.tr
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        card = named(QFrame(), "signinCard")
        card.setFixedWidth(460)
        lay = QVBoxLayout(card)
        title = named(QLabel(tr("staff.signin.title")), "signinTitle")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        lay.addWidget(title)
        if centre_name:
            sub = named(QLabel(centre_name), "signinCentre")
            sub.setWordWrap(True)
            sub.setAlignment(Qt.AlignmentFlag.AlignCenter)
            lay.addWidget(sub)
        form = QFormLayout()
        self.username = named(QLineEdit(), "username")
        self.secret = named(QLineEdit(), "secret")
        self.secret.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(tr("common.username"), self.username)
        form.addRow(tr("staff.password"), self.secret)
        lay.addLayout(form)
        self.error = named(QLabel(""), "signinError")
        self.error.setWordWrap(True)
        lay.addWidget(self.error)
        self.button = named(QPushButton(tr("common.sign_in")), "primary")
        self.button.setDefault(True)
        lay.addWidget(self.button)
        outer.addWidget(card, 0, Qt.AlignmentFlag.AlignHCenter)
        outer.addStretch(2)
        self.button.clicked.connect(self.submit)
        self.secret.returnPressed.connect(self.submit)
        self.username.returnPressed.connect(self.secret.setFocus)
        presenter.listeners.append(self._show)
        self._show()

    def submit(self) -> None:
        secret = self.secret.text()
        self.secret.clear()  # never keep the secret in the widget
        self.presenter.submit(self.username.text(), secret)

    def _show(self) -> None:
        self.error.setText(self.presenter.error)
