"""Agency applications over the JSON API: a service's form as data, and sending an
application without files (files go with the page's multipart form). The same
validator as the page (`domain.application_form.validate`) answers each field."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from server_sync.api.deps import Services, get_services, request_language
from server_sync.api.schemas import ErrorsPublic
from server_sync.services.errors import LocalisedRefusal, Refusal

router = APIRouter(prefix="/api/v1", tags=["applications"])
Svc = Annotated[Services, Depends(get_services)]
_BEARER = HTTPBearer(auto_error=False, description="the token of `POST /api/v1/sessions`")
Answer = Annotated[str, StringConstraints(max_length=4000)]
Item = Annotated[str, StringConstraints(max_length=40)]
Key = Annotated[str, StringConstraints(max_length=64)]


def _errors(*codes: int) -> dict[int | str, dict[str, Any]]:
    return {code: {"model": ErrorsPublic} for code in codes}


class ApplicationCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    organisation: Key = ""
    unit: Key = ""
    language: Annotated[str, StringConstraints(max_length=5)] = "az"
    answers: dict[Key, Answer | Annotated[list[Item], Field(max_length=50)]] = Field(
        default_factory=dict, max_length=80
    )


class ApplicationCreated(BaseModel):
    number: str
    status: str


@router.get("/services/{service_id}/form", responses=_errors(404))
def service_form(service_id: str, services: Svc) -> dict[str, Any]:
    """The service's application form as data (fields, choices, organisations)."""
    _service, form = services.applications.form_of(service_id[:64])
    return form.to_dict()


@router.post(
    "/applications/{service_id}",
    status_code=201,
    response_model=ApplicationCreated,
    responses=_errors(401, 404, 422),
)
def send_application(
    service_id: str,
    body: ApplicationCreate,
    request: Request,
    services: Svc,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_BEARER)],
) -> ApplicationCreated:
    """Register an application; 422 names every field refused and why."""
    language = request_language(request, body.language)
    session = services.accounts.sessions.resolve(
        credentials.credentials if credentials else None, "api"
    )
    try:
        done = services.applications.submit(
            service_id[:64],
            dict(body.answers),
            (body.organisation, body.unit),
            [],
            language,
            session.citizen_id if session else None,
        )
    except Refusal as refusal:
        raise LocalisedRefusal(refusal, language) from None
    services.jobs.wake()
    return ApplicationCreated(number=done.number, status="registered")
