"""Refuse request bodies over a size cap before they are read whole.

A pure ASGI middleware: a declared `Content-Length` over the cap is answered 413 at
once, without reading a byte of the body; a body without a length (chunked) is
counted as it streams in and refused the moment it passes the cap. The cap depends
on the path (the longest matching prefix of `overrides`, else `default`), so that
sync pushes and file uploads can be larger than a booking form.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, Mapping, MutableMapping
from typing import Any

from fastapi import HTTPException
from starlette.requests import Request

from server_sync.api.deps import request_language
from server_sync.domain.refusal_keys import message

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


class BodyTooLarge(HTTPException):
    """Raised from `receive` when the streamed body passes its cap. An HTTPException,
    so that FastAPI's body parsing passes it on (it turns other errors into 400) and
    the app's handler answers 413 with the reason."""

    def __init__(self, reason: str) -> None:
        super().__init__(413, reason, headers={"Connection": "close"})


def limit_for(path: str, default: int, overrides: Mapping[str, int]) -> int:
    """The cap for `path`: the longest matching prefix in `overrides`, else `default`."""
    best, best_len = default, -1
    for prefix, limit in overrides.items():
        if path.startswith(prefix) and len(prefix) > best_len:
            best, best_len = limit, len(prefix)
    return best


class BodyLimit:
    def __init__(self, app: ASGIApp, default: int, overrides: Mapping[str, int]) -> None:
        self.app = app
        self.default = default
        self.overrides = dict(overrides)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = limit_for(scope.get("path", ""), self.default, self.overrides)
        declared = _content_length(scope)
        if declared is not None and declared > limit:
            await _refuse(scope, send, limit)
            return
        received = 0
        started = False

        async def counting_receive() -> Message:
            nonlocal received
            message_ = await receive()
            if message_["type"] == "http.request":
                received += len(message_.get("body", b""))
                if received > limit:
                    raise BodyTooLarge(_reason(scope, limit))
            return message_

        async def watching_send(message_: Message) -> None:
            nonlocal started
            if message_["type"] == "http.response.start":
                started = True
            await send(message_)

        try:
            await self.app(scope, counting_receive, watching_send)
        except BodyTooLarge:
            if started:  # the app answered before reading it all: nothing more to say
                return
            await _refuse(scope, send, limit)


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", ()):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


def _reason(scope: Scope, limit: int) -> str:
    return message("body_too_large", request_language(Request(scope))).format(limit=limit)


async def _refuse(scope: Scope, send: Send, limit: int) -> None:
    error = {"field": "body", "code": "body_too_large", "message": _reason(scope, limit)}
    body = {"errors": [error]}
    payload = json.dumps(body, ensure_ascii=False).encode()
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(payload)).encode()),
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": payload})
