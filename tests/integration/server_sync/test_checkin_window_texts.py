"""The booking answer and the order e-mail promise the window the kiosk enforces:
the central default (settings) overridden per centre and service in the catalogue."""

from __future__ import annotations

import pytest

from tests.factories import catalogue_dict
from tests.integration.server_sync.conftest import Central
from tests.integration.server_sync.helpers import form, plain_text


@pytest.fixture
def booking_overrides() -> dict[str, object]:
    return {"checkin_before_minutes": 20, "checkin_grace_minutes": 10}


def test_answer_and_mail_use_the_services_window(central: Central) -> None:
    data = catalogue_dict()
    data["booking_rules"] = [
        {"centre": "baku-1", "service": "passport", "checkin_before_minutes": 45}
    ]
    central.services.catalogue.publish(data, central.clock.now())
    address = "window@mail.az"

    booked = central.http.post("/api/v1/bookings", json=form(central.code_for(address), address))

    assert booked.status_code == 201, booked.text
    rule = booked.json()["checkin_rule"]
    assert "09:15" in rule  # 45 minutes before 10:00 (the catalogue's rule for passports)
    assert "10:10" in rule  # until 10 minutes after (the central default's grace)
    mail = central.inbox.wait_kind(address, "confirmed")
    assert rule in plain_text(mail)
    found = central.http.get(
        f"/api/v1/bookings/{booked.json()['order_code']}", params={"email": address}
    )
    assert found.json()["checkin_rule"] == rule

    residence = form(
        central.code_for("r@mail.az"), "r@mail.az", service="residence", id_document="AZE87654321"
    )
    other = central.http.post("/api/v1/bookings", json=residence).json()["checkin_rule"]
    assert "09:40" in other  # the central default: 20 minutes before
    assert "10:10" in other
