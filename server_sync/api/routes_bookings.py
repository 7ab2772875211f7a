"""Confirmation codes and bookings: the seed-003 flow over JSON."""

from __future__ import annotations

import asyncio
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.responses import Response as RawResponse

from server_sync.api.deps import Services, client_address, get_services, request_language
from server_sync.api.presenters import booking_form_of, booking_public
from server_sync.api.schemas import (
    BookingCreate,
    BookingPublic,
    ChallengePublic,
    ConfirmationCodeCreate,
    ConfirmationCodeSent,
    ErrorsPublic,
)
from server_sync.kernel.i18n import Translator
from server_sync.kernel.order_codes import OrderCodeError, parse_order_code
from server_sync.kernel.personal_data import mask_email
from server_sync.services.attachments import qr_png
from server_sync.services.errors import LocalisedRefusal, Refusal, refuse

router = APIRouter(prefix="/api/v1", tags=["bookings"])
Svc = Annotated[Services, Depends(get_services)]


def _errors(*codes: int) -> dict[int | str, dict[str, Any]]:
    return {code: {"model": ErrorsPublic} for code in codes}


@router.get("/challenges", response_model=ChallengePublic)
def new_challenge(services: Svc) -> ChallengePublic:
    """A fresh anti-bot challenge (needed by confirmation-codes when enabled)."""
    return ChallengePublic(
        enabled=services.booking.antibot,
        challenge=services.codes.new_challenge(),
        difficulty_bits=services.booking.antibot_difficulty_bits,
    )


@router.post(
    "/confirmation-codes",
    status_code=202,
    response_model=ConfirmationCodeSent,
    responses=_errors(422, 429),
)
def send_confirmation_code(
    body: ConfirmationCodeCreate, request: Request, services: Svc
) -> ConfirmationCodeSent:
    """E-mail a 6-digit confirmation code (valid for a few minutes, single use)."""
    language = request_language(request, body.language)
    try:
        expires = services.codes.request_code(
            body.email,
            client_address(request, services.server.trusted_proxies),
            language,
            body.challenge or "",
            body.nonce or "",
        )
    except Refusal as refusal:
        raise LocalisedRefusal(refusal, language) from None
    services.jobs.wake()
    minutes = services.booking.code_ttl_minutes
    return ConfirmationCodeSent(
        email=mask_email(body.email.strip()),
        expires_at=expires,
        ttl_minutes=minutes,
        message=Translator(language).plural(
            "web.code_sent", minutes, email=mask_email(body.email.strip())
        ),
    )


@router.post(
    "/bookings", status_code=201, response_model=BookingPublic, responses=_errors(409, 422, 429)
)
async def create_booking(body: BookingCreate, request: Request) -> Response:
    """Book a place; the order code comes back and is e-mailed with its QR code.

    The hot path of the service: the transaction runs on the app's own thread
    pool (lighter than a sync route's per-call thread hand-off) and the answer
    is serialised once, straight from the model."""
    services: Services = request.app.state.services
    language = request_language(request, body.language)
    form = booking_form_of(body)
    loop = asyncio.get_running_loop()
    try:
        view = await loop.run_in_executor(
            request.app.state.executor, services.bookings.book, form, language
        )
    except Refusal as refusal:
        raise LocalisedRefusal(refusal, language) from None
    public = booking_public(
        view,
        services.catalogue.current().catalogue,
        language,
    )
    return Response(public.model_dump_json(), 201, media_type="application/json")


EmailQuery = Annotated[str, Query(max_length=254, description="the e-mail booked with")]


@router.get("/bookings/{order_code}", response_model=BookingPublic, responses=_errors(404, 422))
def get_booking(
    order_code: str, email: EmailQuery, request: Request, services: Svc
) -> BookingPublic:
    """Look a booking up by its order code and the e-mail it was made with (429 with
    Retry-After after too many unknown codes from one client address)."""
    client = client_address(request, services.server.trusted_proxies)
    view = services.lookups.guarded(client, lambda: services.bookings.lookup(order_code, email))
    language = request_language(request, view.language)
    return booking_public(
        view,
        services.catalogue.current().catalogue,
        language,
    )


@router.delete(
    "/bookings/{order_code}", response_model=BookingPublic, responses=_errors(404, 409, 422)
)
def cancel_booking(
    order_code: str, email: EmailQuery, request: Request, services: Svc
) -> BookingPublic:
    """Cancel a booking; its place is free again at once."""
    client = client_address(request, services.server.trusted_proxies)
    view = services.lookups.guarded(client, lambda: services.bookings.cancel(order_code, email))
    services.jobs.wake()
    language = request_language(request, view.language)
    return booking_public(
        view,
        services.catalogue.current().catalogue,
        language,
    )


@router.get(
    "/qr/{order_code}.png",
    response_class=RawResponse,
    responses={200: {"content": {"image/png": {}}}, **_errors(422)},
)
def order_code_qr(order_code: str) -> Response:
    """The QR code of an order code, as the kiosk's scanner reads it."""
    try:
        code = parse_order_code(order_code)
    except OrderCodeError:
        raise refuse(422, "order_code", "order_code_format") from None
    return Response(
        qr_png(code), media_type="image/png", headers={"Cache-Control": "public, max-age=86400"}
    )
