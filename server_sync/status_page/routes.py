"""The ticket's live status page, linked from the QR code on every ticket:
/t/{centre}/{day}/{number}. It shows the queue state the centre last pushed
(people ahead, estimated wait, "go to counter N"), never personal data, in
az/ru/en, readable on a phone, refreshing itself."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.concurrency import run_in_threadpool

from server_sync.api.deps import client_address, request_language
from server_sync.kernel.clock import BAKU
from server_sync.kernel.i18n import N_, Translator
from server_sync.kernel.wording import estimated_wait, people_ahead
from server_sync.services.errors import Refusal, refuse
from server_sync.store.sync_models import sync_centres, sync_queue
from server_sync.sync_api.deps import sync_context

router = APIRouter(tags=["status page"])
_ENV = Environment(
    loader=FileSystemLoader(Path(__file__).with_name("templates")),
    autoescape=select_autoescape(["html"]),
    extensions=["jinja2.ext.i18n"],
)
#: What the page says of a ticket that is no longer waiting, called or being served.
_OUTCOMES = {
    "served": N_("status.served"),
    "no_show": N_("status.no_show"),
    "transferred": N_("status.transferred"),
}
_CENTRE = re.compile(r"^[a-z0-9-]{1,64}$")
_NUMBER = re.compile(r"^[A-Z]\d{3,4}$")


def _load(engine: sa.Engine, centre_id: str, day: str, number: str) -> tuple[Any, Any]:
    q = sync_queue.c
    with engine.connect() as conn:
        ticket = conn.execute(
            sa.select(sync_queue).where(
                (q.centre_id == centre_id) & (q.day == day) & (q.number == number)
            )
        ).first()
        beat = conn.execute(
            sa.select(sync_centres.c.last_heartbeat_at).where(sync_centres.c.centre_id == centre_id)
        ).scalar()
        conn.commit()
    return ticket, beat


@router.get("/t/{centre_id}/{day}/{number}", response_class=HTMLResponse)
async def ticket_status(request: Request, centre_id: str, day: str, number: str) -> HTMLResponse:
    lang = request_language(request)
    context = sync_context(request)
    view = context.services.catalogue.current()
    number = number.upper()
    valid = bool(_CENTRE.match(centre_id) and _NUMBER.match(number))
    try:
        date.fromisoformat(day)
    except ValueError:
        valid = False
    centre = view.catalogue.centres.get(centre_id) if valid else None
    ticket, beat, throttled = None, None, 0
    if centre is not None:

        def load() -> tuple[Any, Any]:
            found = _load(context.engine, centre_id, day, number)
            if found[0] is None:
                raise refuse(404, "ticket", "not_found")  # counts as a guess
            return found

        client = client_address(request, context.services.server.trusted_proxies)
        try:
            ticket, beat = await run_in_threadpool(
                context.services.lookups.guarded, client, load, "ticket"
            )
        except Refusal as refusal:
            throttled = (refusal.retry_after or 1) if refusal.status == 429 else 0
    now: datetime = context.services.clock.now()
    stale = ticket is not None and (
        beat is None or now - beat > timedelta(seconds=context.it.stale_after_s)
    )
    service = view.catalogue.services.get(ticket.service_id) if ticket is not None else None
    updated = ticket.updated_at.astimezone(BAKU).strftime("%H:%M") if ticket is not None else ""
    tr = Translator(lang)
    html = _ENV.get_template("status.html").render(
        lang=lang,
        **tr.template_context(),
        people_ahead=lambda n: people_ahead(tr, n),
        estimated_wait=lambda m: estimated_wait(tr, m),
        outcome_key=_OUTCOMES.get(ticket.status, N_("status.unknown")) if ticket else "",
        number=number if valid else "—",
        centre_name=centre.name(lang) if centre else "",
        service_name=service.name(lang) if service else "",
        ticket=ticket,
        throttled=bool(throttled),
        stale=stale,
        updated=updated,
    )
    status = 200 if ticket is not None else 429 if throttled else 404
    response = HTMLResponse(html, status, headers={"Cache-Control": "no-store"})
    if throttled:
        response.headers["Retry-After"] = str(throttled)
    response.headers["Content-Language"] = lang
    return response
