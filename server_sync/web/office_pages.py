"""The official's office (seed 002): a reception secretary signs in, sees the
day's or the week's requests of their officials, and accepts, moves to another
reception date or closes each with a comment."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from server_sync.api.deps import Services, get_services, request_language
from server_sync.kernel.clock import BAKU
from server_sync.kernel.i18n import Translator
from server_sync.kernel.personal_data import mask_id_document
from server_sync.kernel.wording import long_date
from server_sync.services.errors import Refusal
from server_sync.services.receptions.office import week_of
from server_sync.web.account_texts import errors_of
from server_sync.web.csrf import checked_form, secure_cookies
from server_sync.web.pages import FIELD_LABELS, not_found_page, render
from server_sync.web.reception_texts import (
    EVENT_KEYS,
    PRIVILEGE_KEYS,
    RECEPTION_FIELD_LABELS,
    STATUS_KEYS,
    TOPIC_KEYS,
)

router = APIRouter(include_in_schema=False)
Svc = Annotated[Services, Depends(get_services)]
Form = Annotated[dict[str, str], Depends(checked_form)]
COOKIE = "asanq_office"


def _user(request: Request, services: Services) -> str | None:
    return services.receptions.office.user_of(request.cookies.get(COOKIE))


def _context(lang: str) -> dict[str, Any]:
    tr = Translator(lang)
    return {
        "field_labels": {**FIELD_LABELS, **RECEPTION_FIELD_LABELS},
        "status_word": lambda s: tr(STATUS_KEYS.get(s, STATUS_KEYS["sent"])),
        "topic_word": lambda t: tr(TOPIC_KEYS.get(t, TOPIC_KEYS["other"])),
        "privilege_word": lambda p: tr(PRIVILEGE_KEYS.get(p, PRIVILEGE_KEYS["none"])),
        "event_word": lambda e: tr(
            EVENT_KEYS.get(e.kind, EVENT_KEYS["sent"]),
            at=e.at.astimezone(BAKU).strftime("%d.%m.%Y %H:%M"),
            date=e.day.strftime("%d.%m.%Y") if e.day else "",
        ),
        "day_label": lambda d: d.strftime("%d.%m.%Y"),
        "mask_document": mask_id_document,
    }


@router.get("/office/sign-in", response_class=HTMLResponse)
def sign_in_page(request: Request) -> Response:
    lang = request_language(request, header=False)
    return render(request, "office_sign_in.html", lang, **_context(lang))


@router.post("/office/sign-in", response_class=HTMLResponse)
def sign_in(request: Request, services: Svc, form: Form) -> Response:
    lang = request_language(request, form.get("lang"), header=False)
    username = form.get("username", "")[:64]
    if not services.receptions.office.check_password(username, form.get("password", "")):
        return render(
            request,
            "office_sign_in.html",
            lang,
            status=401,
            failed=True,
            values={"username": username},
            **_context(lang),
        )
    response = RedirectResponse(f"/office?lang={lang}", status_code=303)
    response.set_cookie(
        COOKIE,
        services.receptions.office.cookie(username),
        httponly=True,
        samesite="lax",
        secure=secure_cookies(services),
        path="/office",
    )
    return response


@router.post("/office/sign-out")
def sign_out(request: Request, form: Form) -> Response:
    lang = request_language(request, form.get("lang"), header=False)
    response = RedirectResponse(f"/office/sign-in?lang={lang}", status_code=303)
    response.delete_cookie(COOKIE, path="/office")
    return response


def _day(text: str, fallback: date) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        return fallback


@router.get("/office", response_class=HTMLResponse)
def office(request: Request, services: Svc) -> Response:
    lang = request_language(request, header=False)
    user = _user(request, services)
    if user is None:
        return RedirectResponse(f"/office/sign-in?lang={lang}", status_code=303)
    today = services.clock.now().date()
    day = _day(request.query_params.get("day", ""), today)
    span = "week" if request.query_params.get("span") == "week" else "day"
    first, last = week_of(day) if span == "week" else (day, day)
    rows = services.receptions.office.requests(user, first, last)
    officials = services.receptions.officials.by_id()
    return render(
        request,
        "office.html",
        lang,
        user=user,
        rows=rows,
        officials=officials,
        span=span,
        day=day,
        first=first,
        last=last,
        prev_day=(first - timedelta(days=7 if span == "week" else 1)).isoformat(),
        next_day=(first + timedelta(days=7 if span == "week" else 1)).isoformat(),
        **_context(lang),
    )


def _one_page(
    request: Request,
    services: Services,
    user: str,
    number: str,
    lang: str,
    status: int = 200,
    **extra: Any,
) -> HTMLResponse:
    view = services.receptions.office.one(user, number)
    if view is None:
        return not_found_page(request, lang, "office.title", "/office")
    official = services.receptions.officials.get(view.official_id)
    assert official is not None
    dates = services.receptions.requests.dates(official, exclude=view.day).offered
    return render(
        request,
        "office_request.html",
        lang,
        status=status,
        user=user,
        r=view,
        official=official.title(lang),
        move_dates=[(d.isoformat(), long_date(Translator(lang), d)) for d in dates],
        **_context(lang),
        **extra,
    )


@router.get("/office/requests/{number}", response_class=HTMLResponse)
def request_page(number: str, request: Request, services: Svc) -> Response:
    lang = request_language(request, header=False)
    user = _user(request, services)
    if user is None:
        return RedirectResponse(f"/office/sign-in?lang={lang}", status_code=303)
    tr = Translator(lang)
    done = tr("office.done") if request.query_params.get("done") else ""
    return _one_page(request, services, user, number, lang, notice=done)


@router.post("/office/requests/{number}", response_class=HTMLResponse)
def decide(number: str, request: Request, services: Svc, form: Form) -> Response:
    lang = request_language(request, form.get("lang"), header=False)
    user = _user(request, services)
    if user is None:
        return RedirectResponse(f"/office/sign-in?lang={lang}", status_code=303)
    try:
        services.receptions.office.decide(
            user, number, form.get("action", ""), form.get("comment", ""), form.get("day", "")
        )
    except Refusal as refusal:
        return _one_page(
            request,
            services,
            user,
            number,
            lang,
            status=refusal.status,
            errors=errors_of(refusal.problems, lang),
            values={"comment": form.get("comment", "")},
        )
    services.jobs.wake()
    return RedirectResponse(f"/office/requests/{number}?lang={lang}&done=1", status_code=303)
