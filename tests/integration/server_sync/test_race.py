"""Zero overbooking: 200 clients race over HTTP for the last 5 places of a slot."""

from __future__ import annotations

import asyncio

import httpx
import pytest
import sqlalchemy as sa

from server_sync.store.tables import bookings, slot_counters
from tests.integration.server_sync.conftest import Central
from tests.integration.server_sync.helpers import form

CLIENTS = 200


async def _race(url: str, bodies: list[dict[str, str]]) -> list[int]:
    limits = httpx.Limits(max_connections=CLIENTS, max_keepalive_connections=CLIENTS)
    async with httpx.AsyncClient(base_url=url, limits=limits, timeout=60) as client:
        start = asyncio.Event()

        async def one(body: dict[str, str]) -> int:
            await start.wait()
            return (await client.post("/api/v1/bookings", json=body)).status_code

        tasks = [asyncio.create_task(one(b)) for b in bodies]
        await asyncio.sleep(0)
        start.set()
        return list(await asyncio.gather(*tasks))


@pytest.mark.slow
@pytest.mark.parametrize(
    "central", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)], indirect=True
)
def test_200_clients_race_for_the_last_5_places(central: Central) -> None:
    first = central.http.post(
        "/api/v1/bookings", json=form(central.code_for("first@mail.az"), "first@mail.az")
    )
    assert first.status_code == 201  # 6 places at 10:00 (2 counters × 30 / 10): 5 left
    bodies = []
    for n in range(CLIENTS):
        address = f"racer{n}@mail.az"
        code = central.services.codes.issue(address)
        bodies.append(form(code, address, id_document=f"AZE{20000000 + n}"))

    statuses = asyncio.run(_race(central.url, bodies))

    assert statuses.count(201) == 5
    assert statuses.count(409) == CLIENTS - 5
    with central.services.engine.connect() as conn:
        active = conn.execute(
            sa.select(sa.func.count()).where(bookings.c.start == "10:00")
        ).scalar_one()
        taken = conn.execute(
            sa.select(slot_counters.c.taken).where(slot_counters.c.start == "10:00")
        ).scalar_one()
    assert active == 6
    assert taken == 6
    slots = central.http.get(
        "/api/v1/slots", params={"centre": "baku-1", "service": "passport", "date": "2026-11-24"}
    ).json()["slots"]
    assert next(s for s in slots if s["time"] == "10:00")["free"] == 0
