"""HTTP endpoints of the sync protocol: /api/v1/sync/… (centre-token auth).

Bodies are read with a size cap and validated against the protocol models;
anything malformed is a 4xx (401 bad token, 403 another centre's data, 413 too
big, 422 bad JSON or fields) and changes nothing.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Annotated, Any, TypeVar

from fastapi import APIRouter, Depends, Query, Request, Response
from pydantic import BaseModel, ValidationError
from starlette.concurrency import run_in_threadpool

from server_sync.domain.validation import FieldProblem
from server_sync.kernel.order_codes import OrderCodeError, parse_order_code
from server_sync.services.errors import Refusal, refuse
from server_sync.sync.protocol import MAX_NUMBER, MAX_SEQ, PROTOCOL_VERSION, Heartbeat, PushBatch
from server_sync.sync_api.deps import authenticated_centre, sync_context

router = APIRouter(prefix="/api/v1/sync", tags=["sync"])

MAX_BODY_BYTES = 4 * 1024 * 1024
Centre = Annotated[str, Depends(authenticated_centre)]
M = TypeVar("M", bound=BaseModel)


def _json(document: object, status: int = 200) -> Response:
    body = json.dumps(document, ensure_ascii=False, separators=(",", ":"))
    return Response(body.encode("utf-8"), status, media_type="application/json")


async def _body(request: Request, model: type[M]) -> M:
    declared = request.headers.get("content-length")
    if declared is not None and (not declared.isdigit() or int(declared) > MAX_BODY_BYTES):
        raise refuse(413, "body", "too_large")
    data = bytearray()
    async for chunk in request.stream():
        data.extend(chunk)
        if len(data) > MAX_BODY_BYTES:
            raise refuse(413, "body", "too_large")
    try:
        return model.model_validate_json(bytes(data))
    except ValidationError as exc:
        problems = []
        for error in exc.errors()[:20]:
            field = ".".join(str(p) for p in error.get("loc", ()))[:80] or "body"
            problems.append(FieldProblem(field, _reason(error)))
        raise Refusal(422, problems) from None


_RANGE_ERRORS = frozenset(
    {"less_than", "less_than_equal", "greater_than", "greater_than_equal", "too_long"}
)


def _reason(error: Mapping[str, Any]) -> str:
    """The reason code of one pydantic error: numbers, dates and lists out of the
    protocol's bounds are `out_of_range`, anything else `invalid`."""
    kind = str(error.get("type", ""))
    if kind in _RANGE_ERRORS or str(error.get("msg", "")).startswith("Value error, out_of_range"):
        return "out_of_range"
    return "invalid"


def _inline(schema: dict[str, Any]) -> dict[str, Any]:
    """`schema` with its `$defs` references written out, for the OpenAPI document
    (the bodies are read by `_body`, so FastAPI does not publish them itself)."""
    defs = schema.pop("$defs", {})

    def resolve(node: Any) -> Any:
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and ref.startswith("#/$defs/"):
                return resolve(defs[ref.removeprefix("#/$defs/")])
            return {k: resolve(v) for k, v in node.items()}
        if isinstance(node, list):
            return [resolve(v) for v in node]
        return node

    return dict(resolve(schema))


def _documented_body(model: type[BaseModel]) -> dict[str, Any]:
    schema = _inline(model.model_json_schema())
    return {"requestBody": {"required": True, "content": {"application/json": {"schema": schema}}}}


@router.get("/pull")
async def pull(
    request: Request,
    centre: Centre,
    cursor: Annotated[int, Query(ge=0, le=MAX_SEQ)] = 0,
    config_cursor: Annotated[int, Query(ge=0, le=MAX_NUMBER)] = 0,
    limit: Annotated[int, Query(ge=1, le=20000)] = 5000,
    count: bool = False,
    protocol: Annotated[int, Query(ge=PROTOCOL_VERSION, le=PROTOCOL_VERSION)] = PROTOCOL_VERSION,
    catalogue_since: Annotated[int | None, Query(ge=0, le=MAX_NUMBER)] = None,
) -> Response:
    """Bookings of the caller's centre changed since `cursor`, config pushes, and the
    catalogue when newer than `catalogue_since` (asked for by newer agents)."""
    service = sync_context(request).sync
    document = await run_in_threadpool(
        service.pull, centre, cursor, config_cursor, limit, count, catalogue_since
    )
    return _json(document)


@router.post("/events", openapi_extra=_documented_body(PushBatch))
async def push_events(request: Request, centre: Centre) -> Response:
    """A batch of outbox events; answers the keys now held centrally."""
    batch = await _body(request, PushBatch)
    result = await run_in_threadpool(sync_context(request).sync.push, centre, batch)
    return _json(result.model_dump(mode="json"))


@router.post("/heartbeat", openapi_extra=_documented_body(Heartbeat))
async def heartbeat(request: Request, centre: Centre) -> Response:
    beat = await _body(request, Heartbeat)
    ack = await run_in_threadpool(sync_context(request).sync.heartbeat, centre, beat)
    return _json(ack.model_dump(mode="json"))


@router.get("/lookup/{order_code}")
async def lookup(request: Request, centre: Centre, order_code: str) -> Response:
    """One booking for the kiosk's online fallback (404 when there is none)."""
    try:
        code = parse_order_code(order_code)
    except OrderCodeError:
        raise refuse(422, "order_code", "order_code_format") from None
    record = await run_in_threadpool(sync_context(request).sync.lookup, centre, code)
    if record is None:
        raise refuse(404, "order_code", "not_found")
    return _json(record.model_dump(mode="json"))


def _centre_application(request: Request, centre: str, number: str) -> Any:
    services = sync_context(request).services
    offered = services.catalogue.current().catalogue.centres.get(centre)
    found = services.applications.for_centre(
        number[:40], offered.service_ids if offered else frozenset()
    )
    if found is None:
        raise refuse(404, "number", "not_found")
    return services, found


@router.get("/applications/{number}")
async def application(request: Request, centre: Centre, number: str) -> Response:
    """An application for the counter that serves its service at this centre: the
    answers and the files by reference (each fetched on demand below)."""
    _services, found = await run_in_threadpool(_centre_application, request, centre, number)
    return _json(
        {
            "number": found.number,
            "service_id": found.service_id,
            "organisation_id": found.organisation_id,
            "unit_id": found.unit_id,
            "status": found.status,
            "result_reason": found.result_reason,
            "language": found.language,
            "created_at": found.created_at.isoformat(),
            "answers": found.answers,
            "email": found.email,
            "phone": found.phone,
            "files": [
                {
                    "position": f.position,
                    "name": f.name,
                    "kind": f.kind,
                    "size": f.size,
                    "sha256": f.sha256,
                }
                for f in found.files
            ],
        }
    )


@router.get("/applications/{number}/files/{position}")
async def application_file(
    request: Request, centre: Centre, number: str, position: int
) -> Response:
    services, found = await run_in_threadpool(_centre_application, request, centre, number)
    got = services.applications.file_bytes(found, position)
    if got is None:
        raise refuse(404, "position", "not_found")
    meta, data = got
    media = {"pdf": "application/pdf", "jpeg": "image/jpeg", "png": "image/png"}[meta.kind]
    return Response(
        data,
        media_type=media,
        headers={"X-Content-SHA256": meta.sha256, "Cache-Control": "no-store"},
    )
