"""Exception handlers: every refusal is `{"errors": [{field, code, message}]}`
in the request's language, and no input leads to a 5xx answer."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import ValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException

from server_sync.api.deps import request_language
from server_sync.domain.refusal_keys import message
from server_sync.domain.validation import FieldProblem
from server_sync.services.errors import Refusal

log = logging.getLogger("asanq.server")

_PYDANTIC_CODES = {
    "missing": "required",
    "string_too_long": "too_long",
    "string_too_short": "too_short",
    "less_than_equal": "out_of_range",
    "greater_than_equal": "out_of_range",
    "less_than": "out_of_range",
    "greater_than": "out_of_range",
}


def problems_body(problems: list[FieldProblem], language: str) -> dict[str, Any]:
    return {
        "errors": [
            {"field": p.field, "code": p.code, "message": message(p.code, language)}
            for p in problems
        ]
    }


def refusal_response(refusal: Refusal, language: str) -> JSONResponse:
    headers = {"Retry-After": str(refusal.retry_after)} if refusal.retry_after else None
    return JSONResponse(problems_body(refusal.problems, language), refusal.status, headers)


def validation_problems(exc: RequestValidationError) -> list[FieldProblem]:
    return validation_problems_from(exc)


def validation_problems_from(exc: RequestValidationError | ValidationError) -> list[FieldProblem]:
    """One problem per pydantic error, named by field (`body` for unreadable JSON)."""
    problems = []
    for error in exc.errors():
        if error.get("type") == "json_invalid":  # unreadable JSON: the body as a whole
            problems.append(FieldProblem("body", "invalid"))
            continue
        loc = [str(part) for part in error.get("loc", ()) if part not in ("body", "query")]
        field = ".".join(loc)[:80] or "body"
        problems.append(FieldProblem(field, _PYDANTIC_CODES.get(error.get("type", ""), "invalid")))
    return problems


_HTTP_CODES = {404: "not_found", 405: "method_not_allowed", 413: "body_too_large"}


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(Refusal)
    async def _refusal(request: Request, exc: Refusal) -> Response:
        language = getattr(exc, "language", None) or request_language(request)
        return refusal_response(exc, language)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Response:
        language = request_language(request)
        return JSONResponse(problems_body(validation_problems(exc), language), 422)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        code = _HTTP_CODES.get(exc.status_code, "invalid")
        field = "body" if exc.status_code == 413 else "path"
        body = {"errors": [{"field": field, "code": code, "message": str(exc.detail)}]}
        return JSONResponse(body, exc.status_code, getattr(exc, "headers", None))
