"""Who is signed in on a page, and the sign-in redirect for pages that need it."""

from __future__ import annotations

from urllib.parse import quote

from fastapi import Request
from fastapi.responses import RedirectResponse

from server_sync.api.deps import Services
from server_sync.services.accounts import SessionInfo
from server_sync.web.csrf import current_session


class SignInNeeded(Exception):
    """The page needs a signed-in citizen; answered with a redirect to sign-in."""

    def __init__(self, target: str) -> None:
        super().__init__(target)
        self.target = target


def signed_in(request: Request, services: Services) -> SessionInfo:
    session = current_session(request, services)
    if session is None:
        raise SignInNeeded(request.url.path)
    return session


def safe_next(target: str) -> str:
    """Only our own paths after sign-in (never another site)."""
    if target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target[:300]
    return "/account/items"


def sign_in_redirect(target: str, lang: str) -> RedirectResponse:
    return RedirectResponse(
        f"/account/sign-in?lang={lang}&next={quote(safe_next(target))}", status_code=303
    )
