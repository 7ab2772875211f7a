"""Registration pages, in the seed's three windows (seed 004; `Registration`).

Each window is one form; the state between windows is a signed ticket in a hidden
field (never in a URL: it names the ID card). Everything works without JavaScript.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from server_sync.api.deps import Services, client_address, get_services, request_language
from server_sync.domain.accounts import SECRET_QUESTIONS
from server_sync.domain.identity_proofs import ProofKind
from server_sync.kernel.i18n import N_, Translator
from server_sync.kernel.personal_data import mask_email, mask_phone
from server_sync.services.accounts import RegistrationForm
from server_sync.services.accounts.registration import PendingAccount
from server_sync.services.errors import Refusal
from server_sync.web.account_texts import SECRET_QUESTION_KEYS, errors_of
from server_sync.web.csrf import checked_form
from server_sync.web.pages import render

router = APIRouter(include_in_schema=False)
Svc = Annotated[Services, Depends(get_services)]
Form = Annotated[dict[str, str], Depends(checked_form)]
DETAIL_FIELDS = (
    "login",
    "first_name",
    "last_name",
    "father_name",
    "birth_date",
    "phone",
    "email",
    "address",
    "secret_question",
    "secret_answer",
    *(k.value for k in ProofKind),
)


def _identity_page(
    request: Request,
    services: Services,
    lang: str,
    values: dict[str, str],
    refusal: Refusal | None = None,
) -> HTMLResponse:
    return render(
        request,
        "register_identity.html",
        lang,
        status=refusal.status if refusal else 200,
        values=values,
        errors=errors_of(refusal.problems, lang) if refusal else {},
        captcha=services.accounts.captcha.issue().token,
    )


@router.get("/account/register", response_class=HTMLResponse)
def register_page(request: Request, services: Svc) -> Response:
    return _identity_page(request, services, request_language(request, header=False), {})


@router.post("/account/register", response_class=HTMLResponse)
def register_identity(request: Request, services: Svc, form: Form) -> Response:
    """Window 1: ID card, FIN and the security code."""
    lang = request_language(request, form.get("lang"), header=False)
    values = {k: form.get(k, "")[:40] for k in ("id_document", "fin")}
    client = client_address(request, services.server.trusted_proxies)
    registration = services.accounts.registration
    try:
        ticket = registration.verify_identity(
            values["id_document"],
            values["fin"],
            form.get("captcha_token", ""),
            form.get("captcha_answer", ""),
            client,
        )
    except Refusal as refusal:
        return _identity_page(request, services, lang, values, refusal)
    return _details_page(request, services, lang, ticket, {})


def _details_page(
    request: Request,
    services: Services,
    lang: str,
    ticket: str,
    values: dict[str, str],
    refusal: Refusal | None = None,
) -> HTMLResponse:
    document, fin = services.accounts.registration.identity_of(ticket)
    return render(
        request,
        "register_details.html",
        lang,
        status=refusal.status if refusal else 200,
        ticket=ticket,
        document=document,
        fin=fin,
        values=values,
        questions=[(q, SECRET_QUESTION_KEYS[q]) for q in SECRET_QUESTIONS],
        errors=errors_of(refusal.problems, lang) if refusal else {},
    )


@router.post("/account/register/details", response_class=HTMLResponse)
def register_details(request: Request, services: Svc, form: Form) -> Response:
    """Window 2: sign-in, personal and contact data, secret question, the proofs."""
    lang = request_language(request, form.get("lang"), header=False)
    ticket = form.get("ticket", "")
    values = {k: form.get(k, "")[:200] for k in DETAIL_FIELDS}
    registration = services.accounts.registration
    try:
        registration.identity_of(ticket)
    except Refusal as refusal:
        return _identity_page(request, services, lang, {}, refusal)
    details = RegistrationForm(
        login=values["login"],
        password=form.get("password", ""),
        password_repeat=form.get("password_repeat", ""),
        first_name=values["first_name"],
        last_name=values["last_name"],
        father_name=values["father_name"],
        birth_date=values["birth_date"],
        phone=values["phone"],
        email=values["email"],
        address=values["address"],
        secret_question=values["secret_question"],
        secret_answer=values["secret_answer"],
        proofs={k.value: values[k.value] for k in ProofKind},
    )
    try:
        pending = registration.register(ticket, details, lang)
    except Refusal as refusal:
        return _details_page(request, services, lang, ticket, values, refusal)
    return _activation_page(request, services, lang, pending)


def _activation_page(
    request: Request,
    services: Services,
    lang: str,
    pending: PendingAccount,
    channel: str = "",
    notice: str = "",
    refusal: Refusal | None = None,
) -> HTMLResponse:
    domains = ", ".join(services.accounts.settings.activation_email_domains)
    return render(
        request,
        "register_activate.html",
        lang,
        status=refusal.status if refusal else 200,
        pending=pending,
        email=mask_email(pending.email),
        mobile=mask_phone(pending.mobile) if pending.mobile else "",
        domains=domains,
        channel=channel or ("email" if pending.email_allowed else "sms"),
        notice=notice,
        errors=errors_of(refusal.problems, lang) if refusal else {},
    )


@router.post("/account/activate", response_class=HTMLResponse)
def activate(request: Request, services: Svc, form: Form) -> Response:
    """Window 3: "kodu göndər", then the code typed in."""
    lang = request_language(request, form.get("lang"), header=False)
    registration = services.accounts.registration
    channel = form.get("channel", "")
    try:
        pending = registration.pending(form.get("ticket", ""))
    except Refusal as refusal:
        return _identity_page(request, services, lang, {}, refusal)
    try:
        if form.get("action") == "send_code":
            registration.send_activation_code(pending.ticket, channel, lang)
            services.jobs.wake()
            key = (
                N_("account.activate.sent_email")
                if channel == "email"
                else N_("account.activate.sent_sms")
            )
            to = (
                mask_email(pending.email)
                if channel == "email"
                else mask_phone(pending.mobile or "")
            )
            notice = Translator(lang).gettext(key, to=to)
            return _activation_page(request, services, lang, pending, channel, notice)
        registration.activate(pending.ticket, form.get("code", ""))
    except Refusal as refusal:
        return _activation_page(request, services, lang, pending, channel, refusal=refusal)
    return RedirectResponse(f"/account/sign-in?lang={lang}&activated=1", status_code=303)
