"""Numbers and dates the sync schema used to admit, but the stores or the calendar
could not hold (issue 11, item 6): each is a 422 naming the field with reason
`out_of_range`, and nothing is stored. Both central engines."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
import sqlalchemy as sa

from server_sync.store.sync_models import sync_centres, sync_events
from tests.integration.sync.conftest import World


@pytest.fixture(params=["sqlite", "postgres"])
def any_world(request: pytest.FixtureRequest) -> World:
    world: World = request.getfixturevalue("world" if request.param == "sqlite" else "pg_world")
    return world


def _event(**changes: Any) -> dict[str, Any]:
    event = {"key": "k" * 20, "seq": 1, "kind": "printer_status", "at": "2026-11-23T10:00:00+04:00"}
    return {**event, **changes}


def _beat(**changes: Any) -> dict[str, Any]:
    beat = {"centre_id": "baku-1", "sent_at": "2026-11-23T10:00:00+04:00", "outbox_backlog": 0}
    return {**beat, **changes}


def _stored(world: World) -> tuple[int, int]:
    with world.central.connect() as conn:
        events = conn.execute(sa.select(sa.func.count()).select_from(sync_events)).scalar_one()
        centres = conn.execute(sa.select(sa.func.count()).select_from(sync_centres)).scalar_one()
    return int(events), int(centres)


def test_out_of_range_numbers_and_times_are_422_with_reasons(any_world: World) -> None:
    world = any_world
    headers = {"Authorization": f"Bearer {world.token}"}
    before = _stored(world)
    events = [
        (_event(seq=2**64), "events.0.seq"),
        (_event(at="0001-01-01T00:00:00+05:00"), "events.0.at"),
        (_event(at="9999-12-31T23:59:59-14:00"), "events.0.at"),
    ]
    beats = [
        (_beat(outbox_backlog=2**70), "outbox_backlog"),
        (_beat(sent_at="9999-12-31T23:59:59-14:00"), "sent_at"),
        (_beat(config_cursor=2**31), "config_cursor"),
        (_beat(queue={"day": "0001-01-01", "tickets": []}), "queue.day"),
    ]
    with httpx.Client(base_url=world.server.url, timeout=10, headers=headers) as http:
        for event, field in events:
            body = {"centre_id": "baku-1", "events": [event]}
            response = http.post("/api/v1/sync/events", json=body)
            assert response.status_code == 422, (field, response.text)
            assert {"field": field, "code": "out_of_range"} in [
                {"field": e["field"], "code": e["code"]} for e in response.json()["errors"]
            ]
        for beat, field in beats:
            response = http.post("/api/v1/sync/heartbeat", json=beat)
            assert response.status_code == 422, (field, response.text)
            assert [e["code"] for e in response.json()["errors"]] == ["out_of_range"]
            assert response.json()["errors"][0]["field"] == field
        for name in ("cursor", "config_cursor", "catalogue_since"):
            response = http.get("/api/v1/sync/pull", params={name: 10**23})
            assert response.status_code == 422, (name, response.text)
            assert response.json()["errors"][0]["code"] == "out_of_range"
        assert _stored(world) == before
        # the largest values still in range are taken
        assert http.post(
            "/api/v1/sync/heartbeat",
            json=_beat(outbox_backlog=2**31 - 1, catalogue_version=2**31 - 1),
        ).is_success
        body = {"centre_id": "baku-1", "events": [_event(seq=2**63 - 1)]}
        assert http.post("/api/v1/sync/events", json=body).is_success
        assert http.get("/api/v1/sync/pull", params={"cursor": 2**63 - 1}).is_success
