"""CSRF protection of every citizen form, and who is signed in.

Every page sets a random `asanq_csrf` cookie (HttpOnly, SameSite=Lax, Secure on an
https `server.public_url`) and every form carries `csrf`, the HMAC of that cookie and
of the session (`Sessions.csrf_token`). Each POST of the citizen pages reads its form
through `checked_form`, which refuses a missing or wrong token with a 403 page that
says what to do. The session is a server-side row named by the `asanq_session` cookie.
"""

from __future__ import annotations

import hmac
import secrets
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, Response
from jinja2 import Environment, FileSystemLoader

from server_sync.api.deps import Services, get_services, request_language
from server_sync.kernel.i18n import LANGUAGE_NAMES, Translator
from server_sync.services.accounts.sessions import SessionInfo

CSRF_COOKIE = "asanq_csrf"
SESSION_COOKIE = "asanq_session"
MAX_FIELD = 2000


class CsrfRefused(Exception):
    """A form posted without this browser's token (old page, other site, no cookie)."""


def secure_cookies(services: Services) -> bool:
    return services.server.public_url.lower().startswith("https://")


def browser_id(request: Request) -> str:
    """This browser's CSRF cookie value (a new one, set on the response by `render`)."""
    known = getattr(request.state, "csrf_browser", None)
    if isinstance(known, str):
        return known
    value = request.cookies.get(CSRF_COOKIE, "")
    if not (16 <= len(value) <= 64 and value.replace("-", "").replace("_", "").isalnum()):
        value = secrets.token_urlsafe(24)
        request.state.csrf_new = True
    request.state.csrf_browser = value
    return value


def current_session(request: Request, services: Services) -> SessionInfo | None:
    if not hasattr(request.state, "citizen_session"):
        token = request.cookies.get(SESSION_COOKIE)
        request.state.citizen_session = services.accounts.sessions.resolve(token, "web")
    session: SessionInfo | None = request.state.citizen_session
    return session


def csrf_token(request: Request, services: Services) -> str:
    session = current_session(request, services)
    return services.accounts.sessions.csrf_token(
        browser_id(request), session.key if session else None
    )


def set_cookies(request: Request, response: Response, services: Services) -> None:
    """Give a new browser its CSRF cookie."""
    browser = browser_id(request)
    if getattr(request.state, "csrf_new", False):
        response.set_cookie(
            CSRF_COOKIE,
            browser,
            httponly=True,
            samesite="lax",
            secure=secure_cookies(services),
            path="/",
        )


async def checked_form(request: Request) -> dict[str, str]:
    """The posted form's text fields, after its CSRF token passed (`CsrfRefused`)."""
    services = get_services(request)
    data = await request.form()
    form = {k: v[:MAX_FIELD] for k, v in data.items() if isinstance(v, str)}
    cookie = request.cookies.get(CSRF_COOKIE)
    if not cookie:
        raise CsrfRefused()
    expected = csrf_token(request, services)
    if not hmac.compare_digest(expected.encode(), form.get("csrf", "").encode()):
        raise CsrfRefused()
    return form


_ENV = Environment(
    loader=FileSystemLoader(Path(__file__).with_name("templates")),
    autoescape=True,
    extensions=["jinja2.ext.i18n"],
)


def install_csrf_page(app: FastAPI) -> None:
    @app.exception_handler(CsrfRefused)
    async def _refused(request: Request, _exc: CsrfRefused) -> Response:
        lang = request_language(request, header=False)
        tr = Translator(lang)
        html = _ENV.get_template("csrf_refused.html").render(
            lang=lang,
            languages=LANGUAGE_NAMES,
            lang_url=lambda code: f"{request.url.path}?lang={code}",
            citizen=None,
            back=f"{request.url.path}?lang={lang}",
            **tr.template_context(),
        )
        return HTMLResponse(html, 403, headers={"Cache-Control": "no-store"})
