"""The captcha's picture and sound: `GET /captcha/{token}.png` and `.wav`
(no caching; a used, expired or forged token is 404)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from server_sync.api.deps import Services, client_address, get_services, request_language

router = APIRouter(tags=["accounts"])
Svc = Annotated[Services, Depends(get_services)]
_MEDIA: dict[int | str, dict[str, Any]] = {
    200: {"content": {"image/png": {}}},
    404: {"description": "no such live captcha"},
}
_SOUND: dict[int | str, dict[str, Any]] = {
    200: {"content": {"audio/wav": {}}},
    404: {"description": "no such live captcha"},
}
NO_STORE = {"Cache-Control": "no-store"}


@router.get("/captcha/{token}.png", response_class=Response, responses=_MEDIA)
def captcha_image(token: str, request: Request, services: Svc) -> Response:
    """The captcha's digits as a distorted picture."""
    client = client_address(request, services.server.trusted_proxies)
    png = services.accounts.captcha.image(token[:100], client)
    if png is None:
        return Response(status_code=404, headers=NO_STORE)
    return Response(png, media_type="image/png", headers=NO_STORE)


@router.get("/captcha/{token}.wav", response_class=Response, responses=_SOUND)
def captcha_audio(token: str, request: Request, services: Svc) -> Response:
    """The same digits read aloud (Azerbaijani, or English for en and ru pages)."""
    client = client_address(request, services.server.trusted_proxies)
    wav = services.accounts.captcha.audio(token[:100], request_language(request), client)
    if wav is None:
        return Response(status_code=404, headers=NO_STORE)
    return Response(wav, media_type="audio/wav", headers=NO_STORE)
