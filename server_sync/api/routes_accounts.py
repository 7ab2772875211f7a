"""Citizen accounts over JSON (seed 004): registration in three calls, activation,
sessions as bearer tokens (no cookie, so no CSRF), the account, password change and
reset, deletion, and "Mənim müraciətlərim". Refusals are the usual `{"errors": …}`."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from server_sync.api import account_schemas as s
from server_sync.api.deps import Services, client_address, get_services, request_language
from server_sync.api.schemas import ErrorsPublic
from server_sync.kernel.i18n import Translator
from server_sync.kernel.personal_data import mask_email, mask_id_document, mask_phone
from server_sync.services.accounts import RegistrationForm, SessionInfo
from server_sync.services.errors import LocalisedRefusal, Refusal, refuse

router = APIRouter(prefix="/api/v1", tags=["accounts"])
Svc = Annotated[Services, Depends(get_services)]


def _errors(*codes: int) -> dict[int | str, dict[str, Any]]:
    return {code: {"model": ErrorsPublic} for code in codes}


def _client(request: Request, services: Services) -> str:
    return client_address(request, services.server.trusted_proxies)


_BEARER = HTTPBearer(auto_error=False, description="the token of `POST /api/v1/sessions`")


def bearer(
    services: Svc,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_BEARER)],
) -> SessionInfo:
    token = credentials.credentials if credentials else None
    session = services.accounts.sessions.resolve(token, "api")
    if session is None:
        raise refuse(401, "session", "signed_out")
    return session


Me = Annotated[SessionInfo, Depends(bearer)]


@router.get("/captchas", response_model=s.CaptchaPublic, responses=_errors(429))
def new_captcha(services: Svc) -> s.CaptchaPublic:
    """A fresh image captcha (single use); its picture and sound are at the URLs."""
    captcha = services.accounts.captcha.issue()
    return s.CaptchaPublic(
        token=captcha.token,
        image_url=f"/captcha/{captcha.token}.png",
        audio_url=f"/captcha/{captcha.token}.wav",
        expires_at=captcha.expires_at,
    )


@router.post(
    "/registrations/identity",
    response_model=s.IdentityTicketPublic,
    responses=_errors(422, 424, 429),
)
def check_identity(
    body: s.IdentityCheckCreate, request: Request, services: Svc
) -> s.IdentityTicketPublic:
    """Window 1: the registry confirms the ID card is the FIN's (424: registry down)."""
    language = request_language(request, body.language)
    try:
        ticket = services.accounts.registration.verify_identity(
            body.id_document,
            body.fin,
            body.captcha_token,
            body.captcha_answer,
            _client(request, services),
        )
    except Refusal as refusal:
        raise LocalisedRefusal(refusal, language) from None
    return s.IdentityTicketPublic(ticket=ticket)


@router.post(
    "/registrations",
    status_code=201,
    response_model=s.PendingAccountPublic,
    responses=_errors(422, 424),
)
def register(body: s.RegistrationCreate, request: Request, services: Svc) -> s.PendingAccountPublic:
    """Window 2: the account (not active yet), or every problem, each proof line its own."""
    language = request_language(request, body.language)
    form = RegistrationForm(
        **body.model_dump(exclude={"ticket", "proofs", "language"}),
        proofs=body.proofs.model_dump(),
    )
    try:
        pending = services.accounts.registration.register(body.ticket, form, language)
    except Refusal as refusal:
        raise LocalisedRefusal(refusal, language) from None
    return s.PendingAccountPublic(
        activation_ticket=pending.ticket,
        email=mask_email(pending.email),
        mobile=mask_phone(pending.mobile) if pending.mobile else None,
        channels=list(pending.channels),
        email_allowed=pending.email_allowed,
    )


@router.post(
    "/registrations/activation-codes",
    status_code=202,
    response_model=s.CodeSentPublic,
    responses=_errors(409, 422, 429),
)
def send_activation_code(
    body: s.ActivationCodeCreate, request: Request, services: Svc
) -> s.CodeSentPublic:
    """Window 3, "kodu göndər": by e-mail or by SMS to the proof's mobile number."""
    language = request_language(request, body.language)
    try:
        expires = services.accounts.registration.send_activation_code(
            body.activation_ticket, body.channel, language
        )
    except Refusal as refusal:
        raise LocalisedRefusal(refusal, language) from None
    services.jobs.wake()
    return s.CodeSentPublic(
        expires_at=expires, message=Translator(language).gettext("account.code_sent")
    )


@router.post("/registrations/activation", status_code=204, responses=_errors(409, 422, 429))
def activate(body: s.ActivationCreate, services: Svc) -> Response:
    """The code typed in activates the account."""
    services.accounts.registration.activate(body.activation_ticket, body.code)
    return Response(status_code=204)


@router.post(
    "/sessions", status_code=201, response_model=s.SessionPublic, responses=_errors(409, 422, 429)
)
def sign_in(body: s.SessionCreate, request: Request, services: Svc) -> s.SessionPublic:
    """Sign in (the lock-out and, after failures, the captcha apply as on the page)."""
    done = services.accounts.sign_in.sign_in(
        body.login,
        body.password,
        _client(request, services),
        "api",
        body.captcha_token,
        body.captcha_answer,
    )
    return s.SessionPublic(token=done.token)


@router.delete("/sessions/current", status_code=204, responses=_errors(401))
def sign_out(me: Me, services: Svc) -> Response:
    services.accounts.sessions.close(me.key)
    return Response(status_code=204)


@router.get("/account", response_model=s.AccountPublic, responses=_errors(401))
def account(me: Me, services: Svc) -> s.AccountPublic:
    p = services.accounts.account.profile(me.citizen_id)
    return s.AccountPublic(
        login=p.login,
        first_name=p.first_name,
        last_name=p.last_name,
        father_name=p.father_name,
        birth_date=p.birth_date,
        id_document=mask_id_document(p.id_document),
        phone=mask_phone(p.phone),
        email=mask_email(p.email),
        activation_channel=p.activation_channel,
        keep_account=p.keep_account,
    )


@router.put("/account/password", status_code=204, responses=_errors(401, 409, 422, 429))
def change_password(body: s.PasswordChange, me: Me, request: Request, services: Svc) -> Response:
    services.accounts.account.change_password(
        me.citizen_id,
        body.current_password,
        body.new_password,
        body.new_password_repeat,
        _client(request, services),
        me.key,
    )
    return Response(status_code=204)


@router.put("/account/keep", status_code=204, responses=_errors(401, 422))
def keep_account(body: s.KeepAccount, me: Me, services: Svc) -> Response:
    """Keep the account from the purge of unused accounts (or not)."""
    services.accounts.account.set_keep(me.citizen_id, body.keep)
    return Response(status_code=204)


@router.post("/account/deletion", status_code=204, responses=_errors(401, 409, 422, 429))
def delete_account(body: s.AccountDeletion, me: Me, request: Request, services: Svc) -> Response:
    """Delete the account for good (confirmed with the password)."""
    services.accounts.account.delete(me.citizen_id, body.password, _client(request, services))
    return Response(status_code=204)


@router.post(
    "/password-resets/codes",
    status_code=202,
    response_model=s.CodeSentPublic,
    responses=_errors(422, 429),
)
def send_reset_code(body: s.ResetCodeCreate, request: Request, services: Svc) -> s.CodeSentPublic:
    """A reset code by the activation channel; the same answer for unknown logins."""
    language = request_language(request, body.language)
    try:
        services.accounts.account.request_reset(
            body.login,
            body.captcha_token,
            body.captcha_answer,
            _client(request, services),
            language,
        )
    except Refusal as refusal:
        raise LocalisedRefusal(refusal, language) from None
    services.jobs.wake()
    return s.CodeSentPublic(
        expires_at=None, message=Translator(language).gettext("account.forgot.sent")
    )


@router.post("/password-resets", status_code=204, responses=_errors(422, 429))
def reset_password(body: s.PasswordReset, services: Svc) -> Response:
    services.accounts.account.reset_password(
        body.login, body.code, body.new_password, body.new_password_repeat
    )
    return Response(status_code=204)


@router.get("/account/items", response_model=s.ItemsPublic, responses=_errors(401))
def my_items(me: Me, request: Request, services: Svc) -> s.ItemsPublic:
    """ "Mənim müraciətlərim": every section, every item with its status."""
    language = request_language(request)
    tr = Translator(language)
    return s.ItemsPublic(
        sections=[
            s.ItemSectionPublic(
                name=section.name,
                title=tr(section.title_key),
                items=[
                    s.ItemPublic(
                        kind=i.kind,
                        number=i.number,
                        title=i.title,
                        place=i.place,
                        date=i.day,
                        time=i.time,
                        status=i.status,
                    )
                    for i in section.items
                ],
            )
            for section in services.accounts.items.sections(me.citizen_id, language)
        ]
    )
