"""The IT pages of the central service: sign-in, then every centre at a glance
(stale ones flagged), config pushes with who applied them, recent conflicts.
Read-only: changes go through `asan-queue it …`."""

from __future__ import annotations

import math
from datetime import datetime
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.concurrency import run_in_threadpool

from server_sync.api.deps import request_language
from server_sync.it.overview import Alert, overview, push_history, recent_conflicts
from server_sync.it.users import check_password, session_cookie, session_user
from server_sync.kernel import device_words
from server_sync.kernel.clock import BAKU
from server_sync.kernel.i18n import N_, Translator
from server_sync.kernel.lockout import LockoutRule
from server_sync.kernel.wording import wait_duration
from server_sync.sync_api.deps import SyncContext, sync_context

router = APIRouter(prefix="/it", tags=["IT"])
COOKIE = "asanq_it"
_ENV = Environment(
    loader=FileSystemLoader(Path(__file__).with_name("templates")),
    autoescape=select_autoescape(["html"]),
    extensions=["jinja2.ext.i18n"],
)
_PRINTER = device_words.PRINTER_STATE
_PAPER = device_words.PAPER
_ALERTS = device_words.ALERT
_DEVICE_KINDS = {"kiosk": N_("common.kiosk"), "display": N_("common.hall_display")}
_PUSHES = {
    "catalogue": N_("it.push.catalogue"),
    "hours": N_("it.push.hours"),
    "settings": N_("it.push.settings"),
}
_CONFLICTS = {
    "checked_in_after_cancel": N_("it.conflict.checked_in_after_cancel"),
    "duplicate_check_in": N_("it.conflict.duplicate_check_in"),
    "unknown_booking": N_("it.conflict.unknown_booking"),
}


def _word(tr: Translator, table: dict[str, str], value: str | None) -> str:
    """Words for a coded value; a code from a newer version is shown as it is."""
    key = table.get(value or "")
    return tr(key) if key is not None else (value or "—")


def _alert_text(tr: Translator, alert: Alert) -> str:
    if alert.code == "silent":
        return tr("it.alert.silent", d=alert.detail)
    if alert.code == "parked_events":
        return tr("it.alert.parked_events", n=alert.detail)
    return _word(tr, _ALERTS, alert.code)


def _epoch(context: SyncContext) -> int:
    return int(context.services.clock.now().timestamp())


def _user(request: Request, context: SyncContext) -> str | None:
    return session_user(context.secret, request.cookies.get(COOKIE), _epoch(context))


def _render(name: str, lang: str, status: int = 200, **values: object) -> HTMLResponse:
    tr = Translator(lang)
    html = _ENV.get_template(name).render(
        lang=lang,
        **tr.template_context(),
        printer_word=lambda v: _word(tr, _PRINTER, v),
        paper_word=lambda v: _word(tr, _PAPER, v),
        alert_text=lambda a: _alert_text(tr, a),
        push_kind=lambda v: _word(tr, _PUSHES, v),
        device_kind=lambda v: _word(tr, _DEVICE_KINDS, v),
        conflict_kind=lambda v: _word(tr, _CONFLICTS, v),
        **values,
    )
    response = HTMLResponse(html, status, headers={"Cache-Control": "no-store"})
    response.headers["X-Frame-Options"] = "DENY"
    return response


@router.get("", response_class=HTMLResponse)
async def it_overview(request: Request) -> Response:
    context = sync_context(request)
    lang = request_language(request)
    user = _user(request, context)
    if user is None:
        return RedirectResponse(f"/it/sign-in?lang={lang}", 303)
    now = context.services.clock.now()

    def gather() -> tuple[object, object, object]:
        centres = overview(context.engine, now, context.it.stale_after_s)
        pushes = push_history(context.engine, [c.centre_id for c in centres if c.has_token])
        return centres, pushes, recent_conflicts(context.engine)

    centres, pushes, conflicts = await run_in_threadpool(gather)
    return _render(
        "overview.html",
        lang,
        user=user,
        centres=centres,
        pushes=pushes,
        conflicts=conflicts,
        ago=lambda at: _ago(at, now, lang),
        local=_local,
        mask=lambda code: f"…{code[-4:]}" if code else "—",
    )


@router.get("/sign-in", response_class=HTMLResponse)
async def sign_in_form(request: Request) -> Response:
    return _render(
        "sign_in.html", request_language(request), user=None, failed=False, locked="", username=""
    )


@router.post("/sign-in", response_class=HTMLResponse)
async def sign_in(
    request: Request,
    username: Annotated[str, Form(max_length=64)],
    password: Annotated[str, Form(max_length=200)],
) -> Response:
    context = sync_context(request)
    lang = request_language(request)
    it = context.it
    rule = LockoutRule(it.max_failed_sign_ins, it.lockout_minutes, it.lockout_max_minutes)
    result = await run_in_threadpool(
        check_password, context.engine, username, password, rule, context.services.clock.now()
    )
    if not result.ok:
        tr = Translator(lang)
        locked = tr("it.locked", wait=wait_duration(tr, math.ceil(result.locked_for_s / 60)))
        refused = _render(
            "sign_in.html",
            lang,
            429 if result.locked_for_s else 401,
            user=None,
            failed=True,
            locked=locked if result.locked_for_s else "",
            username=username,
        )
        if result.locked_for_s:
            refused.headers["Retry-After"] = str(result.locked_for_s)
        return refused
    expires = _epoch(context) + context.it.session_hours * 3600
    response = RedirectResponse(f"/it?lang={lang}", 303)
    response.set_cookie(
        COOKIE,
        session_cookie(context.secret, username, expires),
        max_age=context.it.session_hours * 3600,
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
        path="/it",
    )
    return response


@router.post("/sign-out")
async def sign_out(request: Request) -> Response:
    response = RedirectResponse(f"/it/sign-in?lang={request_language(request)}", 303)
    response.delete_cookie(COOKIE, path="/it")
    return response


def _local(at: datetime | None) -> str:
    return at.astimezone(BAKU).strftime("%d.%m %H:%M:%S") if at else "—"


def _ago(at: datetime | None, now: datetime, lang: str) -> str:
    tr = Translator(lang)
    if at is None:
        return tr("it.never")
    seconds = int((now - at).total_seconds())
    if seconds < 90:
        amount = tr("it.seconds", n=max(seconds, 0))
    elif seconds < 5400:
        amount = tr("common.minutes", n=seconds // 60)
    else:
        amount = tr("common.duration.hours", n=seconds // 3600)
    return tr("it.ago", amount=amount)
