"""Order-code enumeration, over HTTP on SQLite and PostgreSQL: after 10 unknown codes
in 10 minutes from one client address, lookups answer 429 with Retry-After (API,
`/manage`, the ticket status page), counted in the central store so that several
uvicorn workers share the count, and counted before the lookup runs so that a burst
of 300 random codes gets no more than 10 looked up."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from server_sync.kernel.order_codes import generate_order_code
from tests.integration.server_sync.accounts_helpers import hidden
from tests.integration.server_sync.conftest import Central
from tests.integration.server_sync.helpers import config, form, prepared_app, running

pytestmark = pytest.mark.parametrize(
    "central", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)], indirect=True
)
LIMIT = 10


@pytest.fixture
def booking_overrides() -> dict[str, object]:
    return {"lookup_guesses_per_client": LIMIT, "lookup_guess_minutes": 10}


def lookup(http: httpx.Client, code: str, email: str = "who@mail.az") -> httpx.Response:
    return http.get(f"/api/v1/bookings/{code}", params={"email": email, "lang": "en"})


def test_300_random_codes_at_once_get_10_looked_up_and_the_rest_429(central: Central) -> None:
    async def run() -> list[httpx.Response]:
        limits = httpx.Limits(max_connections=50)
        async with httpx.AsyncClient(base_url=central.url, limits=limits, timeout=60) as client:
            start = asyncio.Event()

            async def one() -> httpx.Response:
                await start.wait()
                code = generate_order_code()
                return await client.get(f"/api/v1/bookings/{code}", params={"email": "x@mail.az"})

            tasks = [asyncio.create_task(one()) for _ in range(300)]
            await asyncio.sleep(0)
            start.set()
            return list(await asyncio.gather(*tasks))

    answers = asyncio.run(run())
    statuses = [a.status_code for a in answers]
    assert statuses.count(404) == LIMIT
    assert statuses.count(429) == 300 - LIMIT
    refused = next(a for a in answers if a.status_code == 429)
    assert 0 < int(refused.headers["Retry-After"]) <= 600
    assert refused.json()["errors"][0]["code"] == "too_many_lookups"


def test_known_codes_do_not_count_and_the_throttle_ends_with_its_window(
    central: Central,
) -> None:
    booked = central.http.post(
        "/api/v1/bookings", json=form(central.code_for("real@mail.az"), "real@mail.az")
    )
    code = booked.json()["order_code"]
    for _ in range(3 * LIMIT):
        assert lookup(central.http, code, "real@mail.az").status_code == 200
    for _ in range(LIMIT):
        assert lookup(central.http, generate_order_code()).status_code == 404
    blocked = lookup(central.http, code, "real@mail.az")
    assert blocked.status_code == 429  # the throttle holds for every code of that address
    assert "Too many unknown order codes" in blocked.json()["errors"][0]["message"]
    cancel = central.http.delete(f"/api/v1/bookings/{code}", params={"email": "real@mail.az"})
    assert cancel.status_code == 429
    central.clock.advance(minutes=10, seconds=1)
    assert lookup(central.http, code, "real@mail.az").status_code == 200


def test_the_manage_page_and_the_status_page_are_throttled_too(central: Central) -> None:
    with httpx.Client(base_url=central.url, timeout=30) as browser:
        page = browser.get("/manage?lang=az")
        csrf = hidden(page.text, "csrf")
        answers = [
            browser.post(
                "/manage?lang=az",
                data={"csrf": csrf, "order_code": generate_order_code(), "email": "a@mail.az"},
            )
            for _ in range(LIMIT + 1)
        ]
        assert [a.status_code for a in answers].count(404) == LIMIT
        assert answers[-1].status_code == 429
        assert "tanınmayan sifariş kodu" in answers[-1].text
        assert int(answers[-1].headers["Retry-After"]) > 0
        ru = browser.post(
            "/manage?lang=ru",
            data={"csrf": csrf, "order_code": generate_order_code(), "email": "a@mail.az"},
        )
        assert "слишком много неизвестных кодов" in ru.text
        statuses = [
            browser.get(f"/t/baku-1/2026-11-23/A{n:03d}?lang=en").status_code
            for n in range(1, LIMIT + 2)
        ]
        assert statuses == [404] * LIMIT + [429]
        throttled = browser.get("/t/baku-1/2026-11-23/A100?lang=en")
        assert "Too many unknown order codes" in throttled.text


def test_two_workers_share_one_count(central: Central) -> None:
    """A second app on the same store stands for a second uvicorn worker."""
    db_url = central.services.engine.url.render_as_string(hide_password=False)
    other = prepared_app(
        config(
            db_url,
            25,
            jobs=False,
            lookup_guesses_per_client=LIMIT,
            lookup_guess_minutes=10,
        ),
        central.clock,
    )
    with running(other) as url, httpx.Client(base_url=url, timeout=30) as second:
        first_half = [lookup(central.http, generate_order_code()).status_code for _ in range(6)]
        second_half = [lookup(second, generate_order_code()).status_code for _ in range(6)]
    assert first_half == [404] * 6
    assert second_half == [404] * 4 + [429] * 2
