"""The staff console as a whole: sign in, then the screen of the user's role
(operator → counter workstation; manager and IT → management screen)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from kiosk_app.domain.staff import Role
from kiosk_app.presenters.staff.counter import CounterPresenter
from kiosk_app.presenters.staff.manager import ManagerPresenter
from kiosk_app.presenters.staff.signin import Authenticator, SignInPresenter, role_label
from kiosk_app.services.staff.types import StaffSession
from server_sync.kernel.i18n import Translator


class ScreenFactory(Protocol):
    def counter(self, session: StaffSession) -> CounterPresenter: ...
    def manager(self, session: StaffSession) -> ManagerPresenter: ...
    def signed_out(self, session: StaffSession) -> None: ...


class StaffConsole:
    def __init__(self, auth: Authenticator, factory: ScreenFactory, tr: Translator) -> None:
        self.tr = tr
        self.factory = factory
        self.signin = SignInPresenter(auth, tr, self._signed_in)
        self.session: StaffSession | None = None
        self.screen: CounterPresenter | ManagerPresenter | None = None
        self.listeners: list[Callable[[], None]] = []

    @property
    def who(self) -> str:
        if self.session is None:
            return ""
        return f"{self.session.full_name} · {role_label(self.tr, self.session.role)}"

    def _signed_in(self, session: StaffSession) -> None:
        self.session = session
        if session.role is Role.OPERATOR:
            self.screen = self.factory.counter(session)
        else:
            self.screen = self.factory.manager(session)
        self._changed()

    def sign_out(self) -> None:
        if self.session is not None:
            self.factory.signed_out(self.session)
        self.session = None
        self.screen = None
        self._changed()

    def refresh(self) -> None:
        if self.screen is not None:
            self.screen.refresh()

    def _changed(self) -> None:
        for listener in self.listeners:
            listener()
