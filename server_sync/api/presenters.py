"""Turning service results into the API's public shapes."""

from __future__ import annotations

from server_sync.api.schemas import BookingCreate, BookingPublic
from server_sync.domain.booking_form import BookingForm
from server_sync.kernel.catalogue import Catalogue
from server_sync.services.booking_service import BookingView
from server_sync.services.mail_render import checkin_rule


def booking_form_of(body: BookingCreate) -> BookingForm:
    return BookingForm(
        first_name=body.first_name,
        last_name=body.last_name,
        father_name=body.father_name,
        id_document=body.id_document,
        phone=body.phone,
        email=body.email,
        centre=body.centre,
        service=body.service,
        date=body.date,
        time=body.time,
        confirmation_code=body.confirmation_code,
        extra=body.extra or {},
        application=body.application or "",
    )


def checkin_rule_text(view: BookingView, catalogue: Catalogue, language: str) -> str:
    return checkin_rule(catalogue, view.centre_id, view.service_id, view.day, view.start, language)


def booking_public(view: BookingView, catalogue: Catalogue, language: str) -> BookingPublic:
    centre = catalogue.centres.get(view.centre_id)
    service = catalogue.services.get(view.service_id)
    return BookingPublic(
        order_code=view.order_code,
        status=view.status,
        centre=view.centre_id,
        service=view.service_id,
        date=view.day,
        time=view.start,
        centre_name=centre.name(language) if centre else view.centre_id,
        centre_address=centre.address(language) if centre else "",
        service_name=service.name(language) if service else view.service_id,
        checkin_rule=checkin_rule_text(view, catalogue, language),
        qr_code_url=f"/api/v1/qr/{view.order_code}.png",
        language=language,
    )
