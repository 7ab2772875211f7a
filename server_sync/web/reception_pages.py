"""The citizen's reception pages (seed 002): the officials (Şəkil 4), the request
form with the next 4 reception dates (Şəkil 5), "Müraciətiniz göndərildi"
(Şəkil 6), the notice and its PDF (Şəkil 7), the history with its search
(Şəkil 8, 10) and a request's own page with its events and comments (Şəkil 9).
Every page needs a signed-in citizen; identity comes from the account."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from server_sync.api.deps import Services, get_services, request_language
from server_sync.domain.loose_dates import parse_loose_date
from server_sync.domain.receptions import (
    COMMENT_MAX,
    NOTE_MAX,
    RequestForm,
    RequestStatus,
    can_become,
)
from server_sync.kernel.clock import BAKU
from server_sync.kernel.i18n import Translator
from server_sync.kernel.personal_data import mask_id_document
from server_sync.kernel.wording import long_date
from server_sync.services.errors import Refusal
from server_sync.services.receptions import HistoryQuery, Official, RequestView
from server_sync.services.receptions.notice import barcode_data_uri, notice_facts, notice_pdf
from server_sync.web.account_texts import errors_of
from server_sync.web.auth import signed_in
from server_sync.web.csrf import checked_form
from server_sync.web.pages import FIELD_LABELS, not_found_page, render
from server_sync.web.reception_texts import (
    EVENT_KEYS,
    PRIVILEGE_KEYS,
    RECEPTION_FIELD_LABELS,
    SKIP_KEYS,
    SOCIAL_KEYS,
    STATUS_KEYS,
    TOPIC_KEYS,
    days_words,
    hours_key,
)

router = APIRouter(include_in_schema=False)
Svc = Annotated[Services, Depends(get_services)]
Form = Annotated[dict[str, str], Depends(checked_form)]
FORM_FIELDS = (
    "day",
    "topic",
    "social_status",
    "privilege",
    "email",
    "phone",
    "workplace",
    "current_address",
    "note",
)


def _page(
    request: Request, name: str, lang: str, services: Services, **context: Any
) -> HTMLResponse:
    tr = Translator(lang)
    session = signed_in(request, services)
    count = len(services.receptions.requests.history(session.citizen_id))
    return render(
        request,
        name,
        lang,
        field_labels={**FIELD_LABELS, **RECEPTION_FIELD_LABELS},
        history_count=count,
        status_word=lambda s: tr(STATUS_KEYS.get(s, STATUS_KEYS["sent"])),
        day_label=lambda d: d.strftime("%d.%m.%Y") if isinstance(d, date) else str(d),
        moment=lambda m: m.astimezone(BAKU).strftime("%d.%m.%Y %H:%M"),
        **context,
    )


def _official_row(services: Services, official: Official, lang: str) -> dict[str, Any]:
    tr = Translator(lang)
    return {
        "id": official.id,
        "position": official.position_in(lang),
        "name": official.full_name,
        "days": days_words(tr, official.rule.weekdays),
        "hours": tr(
            hours_key(official.hours, ""), start=(official.rule.starts or "").__str__()[:5]
        ),
        "organisation": official.organisation_in(lang),
    }


@router.get("/receptions", response_class=HTMLResponse)
def officials_page(request: Request, services: Svc) -> Response:
    lang = request_language(request, header=False)
    signed_in(request, services)
    officials = [_official_row(services, o, lang) for o in services.receptions.officials.all()]
    return _page(request, "reception_officials.html", lang, services, officials=officials)


def _form_context(services: Services, official: Official, lang: str) -> dict[str, Any]:
    tr = Translator(lang)
    choices = services.receptions.requests.dates(official)
    skipped = [
        tr(SKIP_KEYS[reason.value], date=day.strftime("%d.%m.%Y"))
        for day, reason in choices.skipped
    ]
    return {
        "official": _official_row(services, official, lang),
        "dates": [(d.isoformat(), long_date(tr, d)) for d in choices.offered],
        "skipped": skipped,
        "topics": [(k, tr(v)) for k, v in TOPIC_KEYS.items()],
        "socials": [(k, tr(v)) for k, v in SOCIAL_KEYS.items()],
        "privileges": [(k, tr(v)) for k, v in PRIVILEGE_KEYS.items()],
        "note_max": NOTE_MAX,
    }


@router.get("/receptions/new", response_class=HTMLResponse)
def form_page(request: Request, services: Svc) -> Response:
    lang = request_language(request, header=False)
    session = signed_in(request, services)
    official = services.receptions.officials.get(request.query_params.get("official", ""))
    if official is None:
        return RedirectResponse(f"/receptions?lang={lang}", status_code=303)
    profile = services.accounts.account.profile(session.citizen_id)
    values = {
        "email": profile.email,
        "phone": profile.phone,
        "same_address": "1",
        "privilege": "none",
    }
    return _page(
        request,
        "reception_form.html",
        lang,
        services,
        profile=_identity(profile),
        values=values,
        **_form_context(services, official, lang),
    )


def _identity(profile: Any) -> dict[str, str]:
    return {
        "full_name": f"{profile.last_name} {profile.first_name} {profile.father_name}",
        "id_document": mask_id_document(profile.id_document),
        "registered_address": profile.address,
    }


@router.post("/receptions/new", response_class=HTMLResponse)
def submit(request: Request, services: Svc, form: Form) -> Response:
    lang = request_language(request, form.get("lang"), header=False)
    session = signed_in(request, services)
    official_id = form.get("official", "")
    request_form = RequestForm(
        official_id,
        form.get("day", ""),
        form.get("topic", ""),
        form.get("social_status", ""),
        form.get("privilege", "none"),
        form.get("email", ""),
        form.get("phone", ""),
        form.get("workplace", ""),
        form.get("same_address") == "1",
        form.get("current_address", ""),
        form.get("note", ""),
    )
    try:
        view = services.receptions.requests.submit(session.citizen_id, request_form, lang)
    except Refusal as refusal:
        official = services.receptions.officials.get(official_id)
        if official is None:
            return RedirectResponse(f"/receptions?lang={lang}", status_code=303)
        profile = services.accounts.account.profile(session.citizen_id)
        return _page(
            request,
            "reception_form.html",
            lang,
            services,
            status=refusal.status,
            profile=_identity(profile),
            values={k: form.get(k, "") for k in (*FORM_FIELDS, "same_address")},
            errors=errors_of(refusal.problems, lang),
            **_form_context(services, official, lang),
        )
    services.jobs.wake()
    return RedirectResponse(f"/receptions/{view.number}/sent?lang={lang}", status_code=303)


def _mine(request: Request, services: Services, number: str) -> RequestView | None:
    return services.receptions.requests.own(signed_in(request, services).citizen_id, number)


def _not_found(request: Request, lang: str) -> HTMLResponse:
    return not_found_page(request, lang, "reception.history.title", "/receptions/history")


@router.get("/receptions/{number}/sent", response_class=HTMLResponse)
def sent_page(number: str, request: Request, services: Svc) -> Response:
    lang = request_language(request, header=False)
    view = _mine(request, services, number)
    if view is None:
        return _not_found(request, lang)
    return _page(request, "reception_sent.html", lang, services, request_view=view)


def _notice(services: Services, view: RequestView, lang: str) -> Any:
    official = services.receptions.officials.get(view.official_id)
    assert official is not None
    return notice_facts(
        view, official, hours_key(official.hours, view.start), lang, services.clock.now()
    )


@router.get("/receptions/{number}/notice", response_class=HTMLResponse)
def notice_page(number: str, request: Request, services: Svc) -> Response:
    lang = request_language(request, header=False)
    view = _mine(request, services, number)
    if view is None:
        return _not_found(request, lang)
    facts = _notice(services, view, lang)
    return render(
        request,
        "reception_notice.html",
        lang,
        notice=facts,
        barcode=barcode_data_uri(facts.code),
        number=view.number,
    )


@router.get("/receptions/{number}/notice.pdf")
def notice_pdf_file(number: str, request: Request, services: Svc) -> Response:
    lang = request_language(request, header=False)
    view = _mine(request, services, number)
    if view is None:
        return _not_found(request, lang)
    pdf = notice_pdf(_notice(services, view, lang), lang)
    return Response(
        pdf,
        media_type="application/pdf",
        headers={
            "Content-Disposition": f'inline; filename="bildiris-{view.number}.pdf"',
            "Cache-Control": "no-store",
        },
    )


@router.get("/receptions/history", response_class=HTMLResponse)
def history_page(request: Request, services: Svc) -> Response:
    lang = request_language(request, header=False)
    tr = Translator(lang)
    session = signed_in(request, services)
    params = request.query_params
    typed = params.get("date", "")[:40]
    day = parse_loose_date(typed) if typed.strip() else None
    errors = {"date": tr("reception.error.date_format")} if typed.strip() and day is None else {}
    official_id = params.get("official", "")
    status = params.get("status", "")
    query = HistoryQuery(day, official_id or None, status if status in STATUS_KEYS else None)
    rows = [] if errors else services.receptions.requests.history(session.citizen_id, query)
    officials = services.receptions.officials.by_id()
    return _page(
        request,
        "reception_history.html",
        lang,
        services,
        rows=rows,
        officials=officials,
        errors=errors,
        query={"date": typed, "official": official_id, "status": status},
        statuses=[(k, tr(v)) for k, v in STATUS_KEYS.items()],
        searched=bool(typed or official_id or status),
    )


def _detail(
    request: Request, services: Services, view: RequestView, lang: str, **extra: Any
) -> HTMLResponse:
    tr = Translator(lang)
    official = services.receptions.officials.get(view.official_id)
    events = []
    for e in view.events:
        text = tr(
            EVENT_KEYS.get(e.kind, EVENT_KEYS["sent"]),
            at=e.at.astimezone(BAKU).strftime("%d.%m.%Y %H:%M"),
            date=e.day.strftime("%d.%m.%Y") if e.day else "",
        )
        events.append({"kind": e.kind, "text": text, "comment": e.comment})
    return _page(
        request,
        "reception_detail.html",
        lang,
        services,
        request_view=view,
        official=official.title(lang) if official else view.official_id,
        topic=tr(TOPIC_KEYS.get(view.topic, TOPIC_KEYS["other"])),
        social=tr(SOCIAL_KEYS.get(view.social_status, SOCIAL_KEYS["other"])),
        privilege=tr(PRIVILEGE_KEYS.get(view.privilege, PRIVILEGE_KEYS["none"])),
        events=events,
        comment_max=COMMENT_MAX,
        can_withdraw=can_become(view.status, RequestStatus.CLOSED),
        **extra,
    )


@router.get("/receptions/{number}", response_class=HTMLResponse)
def detail_page(number: str, request: Request, services: Svc) -> Response:
    lang = request_language(request, header=False)
    view = _mine(request, services, number)
    if view is None:
        return _not_found(request, lang)
    tr = Translator(lang)
    notice = ""
    if request.query_params.get("commented"):
        notice = tr("reception.comment.added")
    elif request.query_params.get("withdrawn"):
        notice = tr("reception.withdraw.done")
    return _detail(request, services, view, lang, notice=notice)


def _on_request(
    number: str,
    request: Request,
    services: Services,
    form: dict[str, str],
    field: str,
    act: Callable[[int, str, str], object],
    done: str,
) -> Response:
    """Do `act(citizen, number, form[field])` on the citizen's request; then back to its
    page with the `done` notice, or the page with the reasons and what was typed."""
    lang = request_language(request, form.get("lang"), header=False)
    session = signed_in(request, services)
    try:
        act(session.citizen_id, number, form.get(field, ""))
    except Refusal as refusal:
        view = _mine(request, services, number)
        if view is None:
            return _not_found(request, lang)
        return _detail(
            request,
            services,
            view,
            lang,
            status=refusal.status,
            errors=errors_of(refusal.problems, lang),
            values={field: form.get(field, "")},
        )
    return RedirectResponse(
        f"/receptions/{number}?{urlencode({'lang': lang, done: 1})}", status_code=303
    )


@router.post("/receptions/{number}/comments", response_class=HTMLResponse)
def add_comment(number: str, request: Request, services: Svc, form: Form) -> Response:
    requests = services.receptions.requests
    return _on_request(number, request, services, form, "comment", requests.comment, "commented")


@router.post("/receptions/{number}/withdraw", response_class=HTMLResponse)
def withdraw(number: str, request: Request, services: Svc, form: Form) -> Response:
    """The citizen takes the request back (a reason is optional)."""
    requests = services.receptions.requests
    return _on_request(number, request, services, form, "reason", requests.withdraw, "withdrawn")


_ = datetime
