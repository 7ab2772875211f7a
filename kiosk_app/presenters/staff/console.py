"""The staff console as a whole: sign in, then the screen of the user's role
(operator → counter workstation; manager and IT → management screen)."""

from __future__ import annotations

import time
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
    """`idle_minutes` (0 = never): a console nobody touched that long signs out by
    itself, closing the counter as a sign-out does (`monotonic` is the clock)."""

    def __init__(
        self,
        auth: Authenticator,
        factory: ScreenFactory,
        tr: Translator,
        *,
        idle_minutes: float = 0,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.tr = tr
        self.idle_minutes = idle_minutes
        self.monotonic = monotonic
        self.last_touch = monotonic()
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

    def sign_out(self) -> bool:
        """Sign out, closing the counter first; False (and the reason on the
        counter screen) while a visitor is still in hand."""
        if isinstance(self.screen, CounterPresenter) and self.screen.leave() is not None:
            return False
        if self.session is not None:
            self.factory.signed_out(self.session)
        self.session = None
        self.screen = None
        self._changed()
        return True

    def touched(self) -> None:
        self.last_touch = self.monotonic()

    def refresh(self) -> None:
        if self.screen is not None:
            idle = self.monotonic() - self.last_touch
            if self.idle_minutes > 0 and idle >= self.idle_minutes * 60 and self.sign_out():
                return
            self.screen.refresh()

    def _changed(self) -> None:
        for listener in self.listeners:
            listener()
