"""Booking limits per ID document, over HTTP on SQLite and PostgreSQL: no two
bookings of one document at the same time (two services, one person), and at most
`bookings_per_document_per_day` a day; each refused with its own reason, also when
the requests arrive at the same instant."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from tests.integration.server_sync.accounts_helpers import hidden
from tests.integration.server_sync.conftest import Central
from tests.integration.server_sync.helpers import form

pytestmark = pytest.mark.parametrize(
    "central", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)], indirect=True
)
TIMES = ["10:00", "10:30", "11:00", "11:30", "12:00", "12:30", "14:00", "14:30"]


@pytest.fixture
def booking_overrides() -> dict[str, object]:
    # one booking per service and day is a separate rule: off, to reach the daily cap
    return {"one_per_document_per_service_per_day": False, "codes_per_client_per_hour": 1000}


def body(central: Central, n: int, **changes: str) -> dict[str, str]:
    address = f"limit{n}@mail.az"
    return form(central.services.codes.issue(address), address, **changes)


def book(central: Central, n: int, **changes: str) -> httpx.Response:
    return central.http.post("/api/v1/bookings?lang=en", json=body(central, n, **changes))


def reason(response: httpx.Response) -> str:
    return str(response.json()["errors"][0]["code"])


def burst(url: str, bodies: list[dict[str, str]]) -> list[httpx.Response]:
    async def run() -> list[httpx.Response]:
        async with httpx.AsyncClient(base_url=url, timeout=60) as client:
            start = asyncio.Event()

            async def one(b: dict[str, str]) -> httpx.Response:
                await start.wait()
                return await client.post("/api/v1/bookings?lang=en", json=b)

            tasks = [asyncio.create_task(one(b)) for b in bodies]
            await asyncio.sleep(0)
            start.set()
            return list(await asyncio.gather(*tasks))

    return asyncio.run(run())


def test_two_services_at_the_same_hour_are_refused_with_their_own_reason(
    central: Central,
) -> None:
    assert book(central, 1, service="passport", time="10:00").status_code == 201
    clash = book(central, 2, service="residence", time="10:00")
    assert clash.status_code == 422
    assert reason(clash) == "overlapping_booking"
    assert clash.json()["errors"][0]["message"].startswith(
        "This ID card already has a booking for another service at that time"
    )
    other_card = book(central, 3, service="residence", time="10:00", id_document="AZE87654321")
    assert other_card.status_code == 201
    assert book(central, 4, service="residence", time="11:00").status_code == 201


def test_the_daily_cap_refuses_the_fourth_and_a_cancel_frees_a_place(central: Central) -> None:
    made = []
    for n, at in enumerate(TIMES[:3]):
        answer = book(central, n, time=at)
        assert answer.status_code == 201, answer.text
        made.append((answer.json()["order_code"], f"limit{n}@mail.az"))
    fourth = book(central, 9, time=TIMES[3])
    assert fourth.status_code == 422
    assert reason(fourth) == "too_many_bookings_day"
    ru = central.http.post(
        "/api/v1/bookings?lang=ru", json={**body(central, 10, time=TIMES[3]), "language": "ru"}
    )
    assert "наибольшее разрешённое число" in ru.json()["errors"][0]["message"]
    code, address = made[0]
    cancelled = central.http.delete(f"/api/v1/bookings/{code}", params={"email": address})
    assert cancelled.status_code == 200
    assert book(central, 11, time=TIMES[3]).status_code == 201
    assert book(central, 12, time=TIMES[4], date="2026-11-25").status_code == 201  # next day


def test_parallel_requests_never_exceed_the_cap(central: Central) -> None:
    answers = burst(central.url, [body(central, n, time=at) for n, at in enumerate(TIMES)])
    statuses = [a.status_code for a in answers]
    assert statuses.count(201) == 3, [a.text for a in answers]
    assert {reason(a) for a in answers if a.status_code != 201} == {"too_many_bookings_day"}


def test_parallel_requests_for_the_same_hour_book_only_one(central: Central) -> None:
    services = ["passport"] * 5 + ["residence"]  # residence has one place at 10:00
    answers = burst(
        central.url, [body(central, n, service=s, time="10:00") for n, s in enumerate(services)]
    )
    statuses = [a.status_code for a in answers]
    assert statuses.count(201) == 1, [a.text for a in answers]
    assert {reason(a) for a in answers if a.status_code != 201} == {"overlapping_booking"}


def test_the_booking_page_shows_the_reason_in_azerbaijani(central: Central) -> None:
    assert book(central, 1, service="passport", time="10:00").status_code == 201
    with httpx.Client(base_url=central.url, timeout=30) as browser:
        page = browser.get("/manage?lang=az")  # any page gives the CSRF cookie and token
        data = {
            **body(central, 2, service="residence", time="10:00"),
            "csrf": hidden(page.text, "csrf"),
            "lang": "az",
            "agency": "dmx",
            "action": "submit",
        }
        refused = browser.post("/book", data=data)
    assert refused.status_code == 422
    assert "bir adam eyni saatda iki pəncərədə ola bilməz" in refused.text
