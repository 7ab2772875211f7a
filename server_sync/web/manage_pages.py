"""Looking up or cancelling a booking by its order code and e-mail (`/manage`)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response

from server_sync.api.deps import Services, client_address, get_services, request_language
from server_sync.domain.refusal_keys import message
from server_sync.kernel.booking import BookingStatus
from server_sync.kernel.i18n import Translator
from server_sync.kernel.order_codes import format_order_code
from server_sync.kernel.wording import long_date
from server_sync.services.errors import Refusal
from server_sync.web.csrf import checked_form
from server_sync.web.pages import BOOKING_STATUS, render

router = APIRouter(include_in_schema=False)
Svc = Annotated[Services, Depends(get_services)]


@router.get("/manage", response_class=HTMLResponse)
def manage_page(request: Request) -> Response:
    lang = request_language(request, header=False)
    return render(request, "manage.html", lang, values={}, errors={}, booking=None)


@router.post("/manage", response_class=HTMLResponse)
def manage_submit(
    request: Request,
    services: Svc,
    form: Annotated[dict[str, str], Depends(checked_form)],
) -> Response:
    lang = request_language(request, form.get("lang"), header=False)
    values = {k: form.get(k, "")[:254] for k in ("order_code", "email")}
    client = client_address(request, services.server.trusted_proxies)
    action = form.get("action")
    try:
        if action == "cancel":  # only from the confirmation step's "yes"
            view = services.lookups.guarded(
                client, lambda: services.bookings.cancel(values["order_code"], values["email"])
            )
            notice = Translator(lang).gettext("web.cancelled_notice")
        else:
            view = services.lookups.guarded(
                client, lambda: services.bookings.lookup(values["order_code"], values["email"])
            )
            notice = ""
    except Refusal as refusal:
        errors = {p.field: message(p.code, lang) for p in refusal.problems}
        page = render(
            request,
            "manage.html",
            lang,
            status=refusal.status,
            values=values,
            errors=errors,
            booking=None,
        )
        if refusal.retry_after:
            page.headers["Retry-After"] = str(refusal.retry_after)
        return page
    catalogue = services.catalogue.current().catalogue
    centre = catalogue.centres.get(view.centre_id)
    service = catalogue.services.get(view.service_id)
    booking = {
        "code": format_order_code(view.order_code),
        "status": Translator(lang).gettext(
            BOOKING_STATUS.get(view.status, BOOKING_STATUS["booked"])
        ),
        "active": view.status in BookingStatus.cancellable(),
        "centre": centre.name(lang) if centre else view.centre_id,
        "address": centre.address(lang) if centre else "",
        "service": service.name(lang) if service else view.service_id,
        "day": long_date(Translator(lang), view.day),
        "start": view.start,
    }
    # "Cancel" first asks: the place would go to someone else, and it cannot be undone
    confirm = action == "ask_cancel" and bool(booking["active"])
    return render(
        request,
        "manage.html",
        lang,
        values=values,
        errors={},
        booking=booking,
        notice=notice,
        confirm=confirm,
    )
