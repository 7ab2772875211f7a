""" "Mənim müraciətlərim" (My bookings and applications): every section of
`CitizenItems`, each item with its status and actions; a booking's own page (view,
print) and its cancellation with a confirmation step."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from server_sync.api.deps import Services, get_services, request_language
from server_sync.domain.applications import STATUS_WORDS
from server_sync.kernel.booking import BookingStatus
from server_sync.kernel.i18n import Translator
from server_sync.kernel.order_codes import format_order_code
from server_sync.kernel.wording import long_date
from server_sync.services.attachments import qr_data_uri
from server_sync.services.booking_service import BookingView
from server_sync.services.errors import Refusal
from server_sync.web.auth import signed_in
from server_sync.web.csrf import checked_form
from server_sync.web.pages import BOOKING_STATUS, not_found_page, render
from server_sync.web.reception_texts import STATUS_KEYS as RECEPTION_STATUS

router = APIRouter(include_in_schema=False)
Svc = Annotated[Services, Depends(get_services)]
Form = Annotated[dict[str, str], Depends(checked_form)]
#: The words of every item's status: bookings, applications as `application-…` and
#: reception requests as `reception-…`.
ITEM_STATUS = {
    **BOOKING_STATUS,
    **{f"application-{k}": v for k, v in STATUS_WORDS.items()},
    **{f"reception-{k}": v for k, v in RECEPTION_STATUS.items()},
}


@router.get("/account/items", response_class=HTMLResponse)
def my_items(request: Request, services: Svc) -> Response:
    lang = request_language(request, header=False)
    session = signed_in(request, services)
    tr = Translator(lang)
    notice = tr("web.cancelled_notice") if request.query_params.get("cancelled") else ""
    return render(
        request,
        "my_items.html",
        lang,
        sections=services.accounts.items.sections(session.citizen_id, lang),
        day_label=lambda day: long_date(tr, day) if isinstance(day, date) else str(day),
        status_word=lambda status: tr(ITEM_STATUS.get(status, BOOKING_STATUS["booked"])),
        notice=notice,
    )


def _mine(services: Services, citizen_id: int, order_code: str) -> BookingView | None:
    """The citizen's own booking with this code (any other is "not found")."""
    found = services.accounts.account.own_booking(citizen_id, order_code)
    if found is None:
        return None
    try:
        return services.bookings.lookup(*found)
    except Refusal:
        return None


def _facts(services: Services, view: BookingView, lang: str) -> dict[str, Any]:
    catalogue = services.catalogue.current().catalogue
    centre = catalogue.centres.get(view.centre_id)
    service = catalogue.services.get(view.service_id)
    return {
        "raw": view.order_code,
        "code": format_order_code(view.order_code),
        "qr": qr_data_uri(view.order_code),
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


def _not_found(request: Request, lang: str) -> HTMLResponse:
    return not_found_page(request, lang, "account.items.title", "/account/items")


@router.get("/account/bookings/{order_code}", response_class=HTMLResponse)
def booking_page(order_code: str, request: Request, services: Svc) -> Response:
    lang = request_language(request, header=False)
    view = _mine(services, signed_in(request, services).citizen_id, order_code)
    if view is None:
        return _not_found(request, lang)
    return render(request, "booking_view.html", lang, booking=_facts(services, view, lang))


@router.get("/account/bookings/{order_code}/cancel", response_class=HTMLResponse)
def cancel_page(order_code: str, request: Request, services: Svc) -> Response:
    lang = request_language(request, header=False)
    view = _mine(services, signed_in(request, services).citizen_id, order_code)
    if view is None:
        return _not_found(request, lang)
    facts = _facts(services, view, lang)
    return render(request, "booking_view.html", lang, booking=facts, confirm=facts["active"])


@router.post("/account/bookings/{order_code}/cancel", response_class=HTMLResponse)
def cancel(order_code: str, request: Request, services: Svc, form: Form) -> Response:
    lang = request_language(request, form.get("lang"), header=False)
    view = _mine(services, signed_in(request, services).citizen_id, order_code)
    if view is None:
        return _not_found(request, lang)
    try:
        services.bookings.cancel(view.order_code, view.email)
    except Refusal:
        facts = _facts(services, view, lang)
        return render(request, "booking_view.html", lang, status=409, booking=facts)
    services.jobs.wake()
    return RedirectResponse(f"/account/items?lang={lang}&cancelled=1", status_code=303)
