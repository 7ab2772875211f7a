"""Sign-in, sign-out, forgotten and changed passwords, the account page, deletion.

The session cookie is `HttpOnly`, `SameSite=Lax`, and `Secure` when the service's
public URL is https; it names a server-side session (`Sessions`)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from server_sync.api.deps import Services, client_address, get_services, request_language
from server_sync.kernel.i18n import Translator
from server_sync.kernel.personal_data import mask_email, mask_id_document, mask_phone
from server_sync.services.errors import Refusal
from server_sync.web.account_texts import errors_of
from server_sync.web.auth import SignInNeeded, safe_next, sign_in_redirect, signed_in
from server_sync.web.csrf import SESSION_COOKIE, checked_form, current_session, secure_cookies
from server_sync.web.pages import day_label, render

router = APIRouter(include_in_schema=False)
Svc = Annotated[Services, Depends(get_services)]
Form = Annotated[dict[str, str], Depends(checked_form)]


def install_sign_in_redirect(app: FastAPI) -> None:
    @app.exception_handler(SignInNeeded)
    async def _redirect(request: Request, exc: SignInNeeded) -> Response:
        return sign_in_redirect(exc.target, request_language(request, header=False))


def _client(request: Request, services: Services) -> str:
    return client_address(request, services.server.trusted_proxies)


def _sign_in_page(
    request: Request,
    services: Services,
    lang: str,
    values: dict[str, str],
    next_page: str,
    refusal: Refusal | None = None,
    notice: str = "",
) -> HTMLResponse:
    login = values.get("login", "")
    needs = services.accounts.sign_in.captcha_needed(login, _client(request, services))
    return render(
        request,
        "sign_in.html",
        lang,
        status=refusal.status if refusal else 200,
        values=values,
        next=safe_next(next_page),
        captcha=services.accounts.captcha.issue().token if needs else "",
        errors=errors_of(refusal.problems, lang) if refusal else {},
        notice=notice,
    )


@router.get("/account/sign-in", response_class=HTMLResponse)
def sign_in_page(request: Request, services: Svc) -> Response:
    lang = request_language(request, header=False)
    notice = ""
    if request.query_params.get("activated"):
        notice = Translator(lang).gettext("account.activate.done")
    elif request.query_params.get("reset"):
        notice = Translator(lang).gettext("account.reset.done")
    next_page = request.query_params.get("next", "/account/items")
    return _sign_in_page(request, services, lang, {}, next_page, notice=notice)


@router.post("/account/sign-in", response_class=HTMLResponse)
def sign_in(request: Request, services: Svc, form: Form) -> Response:
    lang = request_language(request, form.get("lang"), header=False)
    values = {"login": form.get("login", "")[:64]}
    try:
        done = services.accounts.sign_in.sign_in(
            values["login"],
            form.get("password", ""),
            _client(request, services),
            "web",
            form.get("captcha_token", ""),
            form.get("captcha_answer", ""),
        )
    except Refusal as refusal:
        return _sign_in_page(request, services, lang, values, form.get("next", ""), refusal)
    target = safe_next(form.get("next", ""))
    joiner = "&" if "?" in target else "?"
    response = RedirectResponse(f"{target}{joiner}lang={lang}", status_code=303)
    response.set_cookie(
        SESSION_COOKIE,
        done.token,
        httponly=True,
        samesite="lax",
        secure=secure_cookies(services),
        path="/",
    )
    return response


@router.post("/account/sign-out")
def sign_out(request: Request, services: Svc, form: Form) -> Response:
    lang = request_language(request, form.get("lang"), header=False)
    session = current_session(request, services)
    if session is not None:
        services.accounts.sessions.close(session.key)
    response = RedirectResponse(f"/book?lang={lang}", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


def _forgot_page(
    request: Request,
    services: Services,
    lang: str,
    stage: str,
    values: dict[str, str],
    refusal: Refusal | None = None,
    notice: str = "",
) -> HTMLResponse:
    return render(
        request,
        "forgot.html",
        lang,
        status=refusal.status if refusal else 200,
        stage=stage,
        values=values,
        captcha=services.accounts.captcha.issue().token if stage == "ask" else "",
        errors=errors_of(refusal.problems, lang) if refusal else {},
        notice=notice,
    )


@router.get("/account/forgot", response_class=HTMLResponse)
def forgot_page(request: Request, services: Svc) -> Response:
    return _forgot_page(request, services, request_language(request, header=False), "ask", {})


@router.post("/account/forgot", response_class=HTMLResponse)
def forgot(request: Request, services: Svc, form: Form) -> Response:
    """Send a reset code by the activation channel (same answer for unknown logins)."""
    lang = request_language(request, form.get("lang"), header=False)
    values = {"login": form.get("login", "")[:64]}
    try:
        services.accounts.account.request_reset(
            values["login"],
            form.get("captcha_token", ""),
            form.get("captcha_answer", ""),
            _client(request, services),
            lang,
        )
    except Refusal as refusal:
        return _forgot_page(request, services, lang, "ask", values, refusal)
    services.jobs.wake()
    notice = Translator(lang).gettext("account.forgot.sent")
    return _forgot_page(request, services, lang, "reset", values, notice=notice)


@router.post("/account/reset", response_class=HTMLResponse)
def reset(request: Request, services: Svc, form: Form) -> Response:
    lang = request_language(request, form.get("lang"), header=False)
    values = {"login": form.get("login", "")[:64], "code": form.get("code", "")[:12]}
    try:
        services.accounts.account.reset_password(
            values["login"],
            values["code"],
            form.get("new_password", ""),
            form.get("new_password_repeat", ""),
        )
    except Refusal as refusal:
        return _forgot_page(request, services, lang, "reset", values, refusal)
    return RedirectResponse(f"/account/sign-in?lang={lang}&reset=1", status_code=303)


@router.get("/account", response_class=HTMLResponse)
def profile(request: Request, services: Svc) -> Response:
    lang = request_language(request, header=False)
    me = services.accounts.account.profile(signed_in(request, services).citizen_id)
    notice = (
        Translator(lang).gettext("account.keep.saved") if request.query_params.get("kept") else ""
    )
    return render(
        request,
        "profile.html",
        lang,
        me=me,
        birth=day_label(me.birth_date.isoformat(), lang),
        document=mask_id_document(me.id_document),
        phone=mask_phone(me.phone),
        email=mask_email(me.email),
        retention_days=services.accounts.settings.retention_days,
        notice=notice,
    )


@router.post("/account/keep")
def keep(request: Request, services: Svc, form: Form) -> Response:
    lang = request_language(request, form.get("lang"), header=False)
    session = signed_in(request, services)
    services.accounts.account.set_keep(session.citizen_id, form.get("keep") == "1")
    return RedirectResponse(f"/account?lang={lang}&kept=1", status_code=303)


@router.get("/account/password", response_class=HTMLResponse)
def password_page(request: Request, services: Svc) -> Response:
    signed_in(request, services)
    return render(request, "password.html", request_language(request, header=False))


@router.post("/account/password", response_class=HTMLResponse)
def change_password(request: Request, services: Svc, form: Form) -> Response:
    lang = request_language(request, form.get("lang"), header=False)
    session = signed_in(request, services)
    try:
        services.accounts.account.change_password(
            session.citizen_id,
            form.get("current_password", ""),
            form.get("new_password", ""),
            form.get("new_password_repeat", ""),
            _client(request, services),
            session.key,
        )
    except Refusal as refusal:
        errors = errors_of(refusal.problems, lang)
        return render(request, "password.html", lang, status=refusal.status, errors=errors)
    notice = Translator(lang).gettext("account.password.done")
    return render(request, "password.html", lang, notice=notice)


@router.get("/account/delete", response_class=HTMLResponse)
def delete_page(request: Request, services: Svc) -> Response:
    signed_in(request, services)
    return render(request, "delete_account.html", request_language(request, header=False))


@router.post("/account/delete", response_class=HTMLResponse)
def delete(request: Request, services: Svc, form: Form) -> Response:
    lang = request_language(request, form.get("lang"), header=False)
    session = signed_in(request, services)
    try:
        services.accounts.account.delete(
            session.citizen_id, form.get("password", ""), _client(request, services)
        )
    except Refusal as refusal:
        errors = errors_of(refusal.problems, lang)
        return render(request, "delete_account.html", lang, status=refusal.status, errors=errors)
    request.state.citizen_session = None
    tr = Translator(lang)
    response = render(
        request,
        "done.html",
        lang,
        title=tr("account.delete.title"),
        text=tr("account.delete.done"),
        link=f"/book?lang={lang}",
        link_text=tr("web.new_booking"),
    )
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response
