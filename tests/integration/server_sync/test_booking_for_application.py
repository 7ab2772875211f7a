"""A visit booked for an agency application (issue 17, item 6), over HTTP against the
real service: the booking names the application, which must be the booker's (same
e-mail or same account), of the booked service and still open; each refusal is on the
`application` field with its own words. The application's number then travels in the
booking's sync record, so the centre's counter can open it when it calls the ticket."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from server_sync.store.tables import bookings
from server_sync.sync_api.service import _record
from tests.integration.server_sync.application_helpers import (
    AZERSU,
    AZERSU_ANSWERS,
    application_catalogue,
    pdf_bytes,
)
from tests.integration.server_sync.conftest import Central
from tests.integration.server_sync.helpers import form

EMAIL = str(AZERSU_ANSWERS["email"])


def catalogue() -> dict[str, Any]:
    data = application_catalogue()
    next(s for s in data["services"] if s["id"] == AZERSU)["bookable_online"] = True
    return data


def apply(central: Central, tmp_path: Path) -> str:
    services = central.services
    services.catalogue.publish(catalogue(), central.clock.now())
    apps = services.applications
    apps.files.root = tmp_path / "attachments"
    incoming = apps.files.incoming("files", "akt.pdf", apps.budget(apps.form_of(AZERSU)[1]))
    incoming.write(pdf_bytes())
    done = apps.submit(
        AZERSU, AZERSU_ANSWERS, ("baku-sukanal", "subscribers"), [incoming.finish()], "az"
    )
    return done.number


def book(central: Central, email: str, **changes: str) -> tuple[int, dict[str, Any]]:
    body = form(central.code_for(email.lower()), email, **{"service": AZERSU, **changes})
    response = central.http.post("/api/v1/bookings", json=body)
    return response.status_code, response.json()


def refusal(answer: dict[str, Any]) -> tuple[str, str, str]:
    (error,) = answer["errors"]
    return error["field"], error["code"], error["message"]


@pytest.mark.parametrize("central", ["sqlite", "postgres"], indirect=True)
def test_a_visit_for_my_application_carries_its_number_to_the_centre(
    central: Central, tmp_path: Path
) -> None:
    number = apply(central, tmp_path)
    status, answer = book(central, EMAIL.upper(), application=number.lower())
    assert status == 201, answer
    with central.services.engine.connect() as conn:
        row = conn.execute(
            sa.select(bookings).where(bookings.c.order_code == answer["order_code"])
        ).one()
    assert json.loads(row.extra) == {"application": number}
    assert _record(row._mapping)["application_number"] == number  # what the centre pulls


def test_someone_elses_unknown_other_service_and_decided_applications_are_refused(
    central: Central, tmp_path: Path
) -> None:
    number = apply(central, tmp_path)
    status, answer = book(central, "other@mail.az", application=number)
    assert status == 422
    field, code, words = refusal(answer)
    assert (field, code) == ("application", "application_unknown")  # not "someone else's"
    assert "tapılmadı" in words
    status, answer = book(central, EMAIL, application="AZERSU-2026-999999")
    assert (status, refusal(answer)[:2]) == (422, ("application", "application_unknown"))
    status, answer = book(central, EMAIL, application=number, service="passport", language="en")
    assert status == 422
    assert refusal(answer) == (
        "application",
        "application_other_service",
        "This application belongs to another service; book the visit for that service.",
    )
    central.services.applications.record_result(number, "done", "", "op-1")
    status, answer = book(central, EMAIL, application=number, language="ru")
    assert status == 422
    assert refusal(answer)[:2] == ("application", "application_closed")
    assert "уже рассмотрено" in refusal(answer)[2]
    with central.services.engine.connect() as conn:
        stored = conn.execute(sa.select(sa.func.count()).select_from(bookings)).scalar_one()
    assert stored == 0  # a refused booking takes no place
