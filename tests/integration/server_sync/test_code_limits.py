"""Resend limits of confirmation codes, per e-mail and per client address."""

from __future__ import annotations

import asyncio

import httpx
import pytest
import sqlalchemy as sa

from server_sync.store.tables import confirmation_codes
from tests.integration.server_sync.conftest import Central
from tests.integration.server_sync.helpers import form


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


def _burst(url: str, bodies: list[dict[str, str]]) -> list[httpx.Response]:
    async def run() -> list[httpx.Response]:
        limits = httpx.Limits(max_connections=len(bodies))
        async with httpx.AsyncClient(base_url=url, limits=limits, timeout=60) as client:
            start = asyncio.Event()

            async def one(body: dict[str, str]) -> httpx.Response:
                await start.wait()
                return await client.post("/api/v1/bookings?lang=en", json=body)

            tasks = [asyncio.create_task(one(b)) for b in bodies]
            await asyncio.sleep(0)
            start.set()
            return list(await asyncio.gather(*tasks))

    return asyncio.run(run())


@pytest.mark.parametrize(
    "central", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)], indirect=True
)
def test_a_burst_of_41_tries_evaluates_exactly_the_limit_of_5(central: Central) -> None:
    right = central.services.codes.issue("guess@mail.az")
    wrong = [f"{(int(right) + 1 + n) % 1_000_000:06d}" for n in range(41)]
    answers = _burst(central.url, [form(code, "guess@mail.az") for code in wrong])
    codes = [a.json()["errors"][0]["code"] for a in answers]
    assert codes.count("code_wrong") == 5  # judged, each counted
    assert codes.count("code_burned") == 36  # refused without being judged
    assert {a.status_code for a in answers if a.json()["errors"][0]["code"] == "code_burned"} == {
        429
    }
    with central.services.engine.connect() as conn:
        tries = conn.execute(
            sa.select(confirmation_codes.c.tries).order_by(confirmation_codes.c.id.desc())
        ).scalar()
    assert tries == 5
    late = central.http.post("/api/v1/bookings", json=form(right, "guess@mail.az"))
    assert late.status_code == 429  # even the right code is gone now
    assert late.json()["errors"][0]["code"] == "code_burned"
