"""Resend limits of confirmation codes, per e-mail and per client address."""

from __future__ import annotations

import pytest

from tests.integration.server_sync.conftest import Central


@pytest.fixture
def booking_overrides() -> dict[str, object]:
    return {
        "code_resend_seconds": 60,
        "codes_per_email_per_hour": 3,
        "codes_per_client_per_hour": 5,
    }


def send(central: Central, address: str):
    return central.http.post(
        "/api/v1/confirmation-codes", json={"email": address, "language": "en"}
    )


def test_resend_waits_a_minute_and_is_capped_per_email(central: Central) -> None:
    assert send(central, "a@mail.az").status_code == 202
    too_soon = send(central, "a@mail.az")
    assert too_soon.status_code == 429
    assert too_soon.json()["errors"][0]["code"] == "resend_too_soon"
    assert too_soon.headers["Retry-After"] == "60"
    assert "minute" in too_soon.json()["errors"][0]["message"]
    for _ in range(2):
        central.clock.advance(seconds=61)
        assert send(central, "a@mail.az").status_code == 202
    central.clock.advance(seconds=61)
    capped = send(central, "a@mail.az")
    assert capped.status_code == 429
    assert capped.json()["errors"][0]["code"] == "too_many_codes_email"
    central.clock.advance(hours=1)
    assert send(central, "a@mail.az").status_code == 202


def test_one_client_cannot_spray_codes_to_many_addresses(central: Central) -> None:
    for n in range(5):
        assert send(central, f"x{n}@mail.az").status_code == 202
    blocked = send(central, "x9@mail.az")
    assert blocked.status_code == 429
    assert blocked.json()["errors"][0]["code"] == "too_many_codes_client"


def test_bad_email_is_422(central: Central) -> None:
    response = send(central, "no at sign")
    assert response.status_code == 422
    assert response.json()["errors"][0] == {
        "field": "email",
        "code": "email_format",
        "message": "This e-mail address is not valid.",
    }
