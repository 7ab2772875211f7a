"""`POST /api/v1/bookings` as a lean ASGI path in front of the framework.

Booking is the one request that must be cheap (the benchmark's ≤ 1.5 ms of
server CPU per booking). This middleware answers it directly: it reads the
body, validates it with the same `BookingCreate` model (pydantic's JSON
parser), runs the same `BookingService.book` on the app's thread pool and
writes the same JSON, skipping routing, dependency injection and response
re-validation. The FastAPI route in `routes_bookings` stays the documented
one (OpenAPI) and answers identically when this path is switched off
(`server.fast_booking_path = false`).
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable, MutableMapping
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import parse_qs

from pydantic import ValidationError

from server_sync.api.errors import problems_body, validation_problems_from
from server_sync.api.presenters import booking_form_of, booking_public
from server_sync.api.schemas import BookingCreate
from server_sync.kernel.i18n import pick_language
from server_sync.services.errors import Refusal

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

PATH = "/api/v1/bookings"
MAX_BODY = 64 * 1024


class FastBookingPath:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "POST" or scope["path"] != PATH:
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        content_type = headers.get("content-type", "application/json")
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size <= MAX_BODY:
                chunks.append(chunk)
            if not message.get("more_body", False):
                break
        app = scope["app"]
        language = _language(scope, headers)
        if "json" not in content_type or size > MAX_BODY:
            await _send_json(send, 422, problems_body(_body_problem(), language))
            return
        try:
            body = BookingCreate.model_validate_json(b"".join(chunks))
        except ValidationError as exc:
            await _send_json(send, 422, problems_body(validation_problems_from(exc), language))
            return
        language = pick_language(body.language, language)
        services = app.state.services
        try:
            view = await asyncio.get_running_loop().run_in_executor(
                app.state.executor, services.bookings.book, booking_form_of(body), language
            )
        except Refusal as refusal:
            extra = (
                [(b"retry-after", str(refusal.retry_after).encode())] if refusal.retry_after else []
            )
            body_json = problems_body(refusal.problems, language)
            await _send_json(send, refusal.status, body_json, extra)
            return
        public = booking_public(
            view,
            services.catalogue.current().catalogue,
            language,
            services.booking.checkin_before_minutes,
        )
        await _send_raw(send, 201, public.model_dump_json().encode())


def _body_problem() -> list[Any]:
    from server_sync.domain.validation import FieldProblem

    return [FieldProblem("body", "invalid")]


def _language(scope: Scope, headers: dict[str, str]) -> str:
    query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
    cookie = SimpleCookie(headers.get("cookie", ""))
    return pick_language(
        (query.get("lang") or [None])[0],
        cookie["lang"].value if "lang" in cookie else None,
        headers.get("accept-language"),
    )


async def _send_json(
    send: Send, status: int, body: Any, extra: list[tuple[bytes, bytes]] | None = None
) -> None:
    await _send_raw(send, status, json.dumps(body, ensure_ascii=False).encode(), extra)


async def _send_raw(
    send: Send, status: int, payload: bytes, extra: list[tuple[bytes, bytes]] | None = None
) -> None:
    headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(payload)).encode()),
        *(extra or []),
    ]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": payload})
