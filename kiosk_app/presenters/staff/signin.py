"""Sign-in screen view-model: username + password/PIN → a staff session."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from kiosk_app.domain.staff import Role
from kiosk_app.services.staff import words
from kiosk_app.services.staff.types import SignInRefused, StaffSession, StoreUnavailable
from server_sync.kernel.clock import BAKU
from server_sync.kernel.i18n import Translator


class Authenticator(Protocol):
    def sign_in(self, username: str, secret: str) -> StaffSession | SignInRefused: ...


class SignInPresenter:
    """Holds the error line; `on_signed_in` is called with the session."""

    def __init__(
        self,
        auth: Authenticator,
        tr: Translator,
        on_signed_in: Callable[[StaffSession], None],
    ) -> None:
        self.auth = auth
        self.tr = tr
        self.on_signed_in = on_signed_in
        self.error = ""
        self.listeners: list[Callable[[], None]] = []

    def submit(self, username: str, secret: str) -> StaffSession | None:
        try:
            result = self.auth.sign_in(username, secret)
        except StoreUnavailable as exc:
            self.error = self.tr("staff.store_error", detail=str(exc))
            self._changed()
            return None
        if isinstance(result, StaffSession):
            self.error = ""
            self._changed()
            self.on_signed_in(result)
            return result
        if result.reason == "locked" and result.locked_until is not None:
            until = result.locked_until.astimezone(BAKU).strftime("%H:%M")
            self.error = self.tr("staff.signin.locked", until=until)
        else:
            self.error = words.word(self.tr, words.SIGNIN_REFUSAL, result.reason)
        self._changed()
        return None

    def _changed(self) -> None:
        for listener in self.listeners:
            listener()


def role_label(tr: Translator, role: Role) -> str:
    return words.word(tr, words.ROLE, role.value)
