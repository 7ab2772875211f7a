"""The citizen pages (Jinja2, server-rendered, Azerbaijani first, ru/en switch).

agency → service → centre → date → time → form ("send code", then "send") →
success page with the order code and QR (printable); and a lookup/cancel page.
Everything works without JavaScript: the anti-bot check (`booking.antibot`) is a
self-hosted proof of work that the page's script solves, and a browser without
JavaScript gets the image captcha instead (`<noscript>`). A signed-in citizen's form
comes filled from the account: identity fields read-only, contact fields editable.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader

from server_sync.api.deps import Services, client_address, get_services, request_language
from server_sync.api.presenters import checkin_rule_text
from server_sync.domain.booking_form import BookingForm, parse_day
from server_sync.domain.refusal_keys import message
from server_sync.domain.validation import FieldProblem
from server_sync.kernel.i18n import LANGUAGE_NAMES, N_, Translator
from server_sync.kernel.order_codes import format_order_code
from server_sync.kernel.personal_data import mask_email
from server_sync.kernel.wording import long_date
from server_sync.services.attachments import qr_data_uri
from server_sync.services.errors import Refusal
from server_sync.web.account_texts import ACCOUNT_FIELD_LABELS, ANCHORS
from server_sync.web.csrf import checked_form, csrf_token, current_session, set_cookies
from server_sync.web.steps import choose_step

HERE = Path(__file__).parent
templates = Jinja2Templates(
    env=Environment(
        loader=FileSystemLoader(HERE / "templates"),
        autoescape=True,
        extensions=["jinja2.ext.i18n"],
    )
)
#: Form fields and their labels (the seed-003 form), for labels and the error summary.
FIELD_LABELS = {
    "first_name": N_("web.field.first_name"),
    "last_name": N_("web.field.last_name"),
    "father_name": N_("web.field.father_name"),
    "id_document": N_("web.field.id_document"),
    "phone": N_("web.field.phone"),
    "email": N_("web.field.email"),
    "service": N_("web.field.service"),
    "centre": N_("web.field.centre"),
    "date": N_("web.field.date"),
    "time": N_("web.field.time"),
    "confirmation_code": N_("web.field.confirmation_code"),
    "challenge": N_("web.field.challenge"),
    "client": N_("web.field.client"),
    "order_code": N_("common.order_code"),
    "captcha": N_("web.field.captcha"),
    "application": N_("web.field.application"),
}
BOOKING_STATUS = {
    "booked": N_("web.status.booked"),
    "cancelled": N_("web.status.cancelled"),
    "checked_in": N_("web.status.checked_in"),
    "called": N_("web.status.called"),
    "served": N_("web.status.served"),
    "no_show": N_("web.status.no_show"),
    "expired": N_("web.status.expired"),
}
router = APIRouter(include_in_schema=False)
Svc = Annotated[Services, Depends(get_services)]
FORM_FIELDS = (
    "first_name",
    "last_name",
    "father_name",
    "id_document",
    "phone",
    "email",
    "confirmation_code",
)
HIDDEN_FIELDS = ("agency", "service", "centre", "date", "time", "application")


def mount_static(app: FastAPI) -> None:
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")


def render(
    request: Request, name: str, lang: str, status: int = 200, **context: Any
) -> HTMLResponse:
    tr = Translator(lang)
    services = get_services(request)
    session = current_session(request, services)

    def lang_url(code: str) -> str:
        params = dict(request.query_params)
        params["lang"] = code
        return f"{request.url.path}?{urlencode(params)}"

    response = templates.TemplateResponse(
        request,
        name,
        {
            "lang": lang,
            "lang_url": lang_url,
            "languages": LANGUAGE_NAMES,
            "field_labels": {**FIELD_LABELS, **ACCOUNT_FIELD_LABELS},
            "anchors": ANCHORS,
            "values": {},
            "errors": {},
            "csrf": csrf_token(request, services),
            "citizen": session,
            **tr.template_context(),
            **context,
        },
        status_code=status,
    )
    set_cookies(request, response, services)
    response.set_cookie("lang", lang, max_age=365 * 86400, samesite="lax")
    response.headers["Cache-Control"] = "no-store"  # pages may show personal data
    return response


def not_found_page(request: Request, lang: str, title_key: str, back: str) -> HTMLResponse:
    """The 404 page of a citizen's or officer's own item: "not found", a link back to `back`."""
    tr = Translator(lang)
    return render(
        request,
        "done.html",
        lang,
        status=404,
        title=tr(title_key),
        text=tr("booking.error.not_found"),
        link=f"{back}?lang={lang}",
        link_text=tr(title_key),
    )


@router.get("/", response_class=HTMLResponse)
def home(request: Request) -> Response:
    lang = request_language(request, header=False)
    return RedirectResponse(f"/book?lang={lang}", status_code=303)


@router.get("/book", response_class=HTMLResponse)
def book_step(request: Request, services: Svc) -> Response:
    lang = request_language(request, header=False)
    chosen = {k: request.query_params.get(k, "")[:64] for k in HIDDEN_FIELDS}
    step = choose_step(services, chosen, lang)
    if step.name == "form":
        return _form(request, services, lang, chosen, {}, [])
    return render(request, "step.html", lang, step=step, chosen=chosen)


def _form(
    request: Request,
    services: Svc,
    lang: str,
    chosen: dict[str, str],
    values: dict[str, str],
    problems: list[FieldProblem],
    notice: str = "",
    status: int = 200,
) -> HTMLResponse:
    step = choose_step(services, chosen, lang)
    errors: dict[str, str] = {}
    for p in problems:
        errors.setdefault(p.field, message(p.code, lang))
    session = current_session(request, services)
    locked: tuple[str, ...] = ()
    if session is not None:
        values = {**values, **_account_values(services, session.citizen_id, values)}
        locked = IDENTITY_FIELDS
    antibot = services.booking.antibot
    return render(
        request,
        "form.html",
        lang,
        status=status,
        step=step,
        chosen=chosen,
        values=values,
        errors=errors,
        notice=notice,
        fields=FORM_FIELDS,
        locked=locked,
        antibot=antibot,
        difficulty=services.booking.antibot_difficulty_bits,
        challenge=services.codes.new_challenge() if antibot else "",
        captcha=services.accounts.captcha.issue().token if antibot else "",
    )


#: Filled from the account and not editable when signed in (the seed: "avtomatik").
IDENTITY_FIELDS = ("first_name", "last_name", "father_name", "id_document")
CONTACT_FIELDS = ("phone", "email")


def _account_values(services: Services, citizen_id: int, typed: dict[str, str]) -> dict[str, str]:
    """The identity fields from the account, and the contact fields unless retyped."""
    me = services.accounts.account.profile(citizen_id)
    found = {f: str(getattr(me, f)) for f in IDENTITY_FIELDS}
    found.update({f: typed.get(f) or str(getattr(me, f)) for f in CONTACT_FIELDS})
    return found


@router.post("/book", response_class=HTMLResponse)
def book_submit(
    request: Request,
    services: Svc,
    form: Annotated[dict[str, str], Depends(checked_form)],
) -> Response:
    lang = request_language(request, form.get("lang"), header=False)
    chosen = {k: form.get(k, "")[:64] for k in HIDDEN_FIELDS}
    values = {k: form.get(k, "")[:200] for k in FORM_FIELDS}
    session = current_session(request, services)
    if session is not None:
        values.update(_account_values(services, session.citizen_id, values))
    client = client_address(request, services.server.trusted_proxies)
    if form.get("action") == "send_code":
        try:
            by_captcha = services.booking.antibot and not form.get("nonce")
            if by_captcha:  # no JavaScript: the image captcha instead of the proof of work
                services.accounts.captcha.check(
                    form.get("captcha_token", ""), form.get("captcha_answer", ""), client
                )
            services.codes.request_code(
                values["email"],
                client,
                lang,
                form.get("challenge", ""),
                form.get("nonce", ""),
                captcha_passed=by_captcha,
            )
        except Refusal as refusal:
            return _form(
                request, services, lang, chosen, values, refusal.problems, status=refusal.status
            )
        services.jobs.wake()
        notice = Translator(lang).plural(
            "web.code_sent",
            services.booking.code_ttl_minutes,
            email=mask_email(values["email"]),
        )
        return _form(request, services, lang, chosen, values, [], notice=notice)
    booking_form = BookingForm(
        first_name=values["first_name"],
        last_name=values["last_name"],
        father_name=values["father_name"],
        id_document=values["id_document"],
        phone=values["phone"],
        email=values["email"],
        confirmation_code=values["confirmation_code"],
        centre=chosen["centre"],
        service=chosen["service"],
        date=chosen["date"],
        time=chosen["time"],
        application=chosen["application"],
    )
    try:
        view = services.bookings.book(
            booking_form, lang, session.citizen_id if session is not None else None
        )
    except Refusal as refusal:
        return _form(
            request, services, lang, chosen, values, refusal.problems, status=refusal.status
        )
    return _success(request, services, lang, view)


@router.post("/book/done", response_class=HTMLResponse)
def success_again(
    request: Request,
    services: Svc,
    form: Annotated[dict[str, str], Depends(checked_form)],
) -> Response:
    """The success page in another language: its language buttons post the code and
    e-mail back (the page came from a POST; a link would lose it)."""
    lang = request_language(request, form.get("lang"), header=False)
    try:
        view = services.bookings.lookup(
            form.get("order_code", "")[:32], form.get("email", "")[:254]
        )
    except Refusal:
        return RedirectResponse(f"/manage?lang={lang}", status_code=303)
    return _success(request, services, lang, view)


def _success(request: Request, services: Svc, lang: str, view: Any) -> HTMLResponse:
    catalogue = services.catalogue.current().catalogue
    centre = catalogue.centres.get(view.centre_id)
    service = catalogue.services.get(view.service_id)
    return render(
        request,
        "success.html",
        lang,
        status=201 if request.method == "POST" else 200,
        code=format_order_code(view.order_code),
        raw_code=view.order_code,
        qr=qr_data_uri(view.order_code),
        centre=centre.name(lang) if centre else view.centre_id,
        address=centre.address(lang) if centre else "",
        service=service.name(lang) if service else view.service_id,
        day=long_date(Translator(lang), view.day),
        start=view.start,
        email=mask_email(view.email),
        rule=checkin_rule_text(view, catalogue, lang),
        lang_post={"action": "/book/done", "order_code": view.order_code, "email": view.email},
    )


def day_label(iso: str, lang: str) -> str:
    day = parse_day(iso)
    return long_date(Translator(lang), day) if day else iso
