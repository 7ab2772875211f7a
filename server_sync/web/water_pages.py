"""The water-debt lookup page (seed 000): subscriber code and type → the debt, the
meter number, its last reading and the date it was read, from the agency's adapter."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response

from server_sync.api.deps import Services, get_services, request_language
from server_sync.domain.refusal_keys import message
from server_sync.domain.validation import FieldProblem
from server_sync.domain.water_debt import SUBSCRIBER_TYPES, check_subscriber
from server_sync.kernel.i18n import N_, Translator
from server_sync.kernel.wording import long_date
from server_sync.services.water_debt import WaterDebtUnavailable
from server_sync.web.csrf import checked_form
from server_sync.web.pages import render

router = APIRouter(include_in_schema=False)
Svc = Annotated[Services, Depends(get_services)]
Form = Annotated[dict[str, str], Depends(checked_form)]
#: The words of each failure of the agency's answer.
FAILURES = {
    "unknown_subscriber": N_("water.error.unknown_subscriber"),
    "agency_down": N_("water.error.agency_down"),
    "agency_timeout": N_("water.error.agency_timeout"),
}


def _page(
    request: Request,
    lang: str,
    values: dict[str, str],
    errors: dict[str, str] | None = None,
    answer: list[tuple[str, str]] | None = None,
    failure: str = "",
    status: int = 200,
) -> HTMLResponse:
    tr = Translator(lang)
    return render(
        request,
        "water_debt.html",
        lang,
        status=status,
        values=values,
        errors=errors or {},
        types=[(k, tr(v)) for k, v in SUBSCRIBER_TYPES.items()],
        answer=answer,
        failure=failure,
        labels={
            "subscriber_code": tr("water.field.code"),
            "subscriber_type": tr("water.field.type"),
        },
    )


@router.get("/water-debt", response_class=HTMLResponse)
def water_page(request: Request) -> Response:
    return _page(request, request_language(request, header=False), {"subscriber_type": "household"})


@router.post("/water-debt", response_class=HTMLResponse)
def water_lookup(request: Request, services: Svc, form: Form) -> Response:
    lang = request_language(request, form.get("lang"), header=False)
    tr = Translator(lang)
    values = {k: form.get(k, "")[:40] for k in ("subscriber_code", "subscriber_type")}
    try:
        code, kind = check_subscriber(values["subscriber_code"], values["subscriber_type"])
    except FieldProblem as p:
        return _page(request, lang, values, {p.field: message(p.code, lang)}, status=422)
    try:
        debt = services.water_debt.debt(code, kind)
    except WaterDebtUnavailable as exc:
        status = 404 if exc.reason == "unknown_subscriber" else 503
        return _page(request, lang, values, failure=tr(FAILURES[exc.reason]), status=status)
    answer = [
        (tr("water.field.code"), debt.subscriber_code),
        (tr("water.debt"), tr("water.azn", amount=format(debt.debt_azn, ".2f"))),
        (tr("water.meter"), debt.meter_number),
        (tr("water.last_reading"), str(debt.last_reading)),
        (tr("water.read_on"), long_date(tr, debt.read_on)),
    ]
    return _page(request, lang, values, answer=answer)
