"""Malformed and hostile sync messages get a 4xx and change nothing."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest
import sqlalchemy as sa

from kiosk_app.services.kiosk.ticket_desk import Issued
from server_sync.store.sync_models import sync_centres, sync_conflicts, sync_events
from server_sync.store.tables import bookings
from server_sync.sync.protocol import MAX_PUSH_EVENTS, PushBatch
from server_sync.sync_api.tokens import issue_token, revoke_tokens
from tests.integration.sync.conftest import World


@pytest.fixture
def http(world: World) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=world.server.url, timeout=10) as client:
        yield client


def _snapshot(world: World) -> tuple[Any, ...]:
    with world.central.connect() as conn:
        return tuple(
            tuple(conn.execute(sa.select(table)).all())
            for table in (sync_events, sync_conflicts, sync_centres, bookings)
        )


def _batch(world: World) -> dict[str, Any]:
    code = world.add_booking()
    world.agent().run_round()
    assert isinstance(world.desk().check_in(code), Issued)
    events = list(world.store().unsent_events(10))
    return PushBatch(centre_id="baku-1", events=events).model_dump(mode="json")


def _auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_wrong_missing_and_revoked_tokens_get_401(world: World, http: httpx.Client) -> None:
    batch = _batch(world)
    before = _snapshot(world)
    assert http.post("/api/v1/sync/events", json=batch).status_code == 401
    assert (
        http.post("/api/v1/sync/events", json=batch, headers=_auth("asq1_guessed")).status_code
        == 401
    )
    assert http.get("/api/v1/sync/pull", headers={"Authorization": "Basic eDp5"}).status_code == 401
    revoke_tokens(world.central, "baku-1", world.central_clock.now())
    assert http.get("/api/v1/sync/pull", headers=_auth(world.token)).status_code == 401
    assert _snapshot(world) == before


def test_another_centres_data_is_refused_whole(world: World, http: httpx.Client) -> None:
    batch = _batch(world)
    before = _snapshot(world)
    gence = issue_token(world.central, "gence", world.central_clock.now())
    # gence claims to be baku-1
    response = http.post("/api/v1/sync/events", json=batch, headers=_auth(gence))
    assert response.status_code == 403
    # gence pushes under its own name an event naming baku-1's booking
    batch["centre_id"] = "gence"
    response = http.post("/api/v1/sync/events", json=batch, headers=_auth(gence))
    assert response.status_code == 403
    assert response.json()["errors"][0]["code"] == "other_centre"
    beat = {"centre_id": "baku-1", "sent_at": "2026-11-23T10:00:00+04:00", "outbox_backlog": 0}
    assert http.post("/api/v1/sync/heartbeat", json=beat, headers=_auth(gence)).status_code == 403
    assert _snapshot(world) == before
    # and a centre never pulls another's bookings
    pulled = http.get("/api/v1/sync/pull", headers=_auth(gence)).json()
    assert pulled["bookings"] == []


def test_oversized_and_malformed_batches_get_4xx(world: World, http: httpx.Client) -> None:
    batch = _batch(world)
    before = _snapshot(world)
    auth = _auth(world.token)
    event = batch["events"][0]
    too_many = {
        **batch,
        "events": [{**event, "key": f"k{i:08d}"} for i in range(MAX_PUSH_EVENTS + 1)],
    }
    assert http.post("/api/v1/sync/events", json=too_many, headers=auth).status_code == 422
    huge = b'{"centre_id": "baku-1", "events": [], "pad": "' + b"x" * (5 * 1024 * 1024) + b'"}'
    assert http.post("/api/v1/sync/events", content=huge, headers=auth).status_code == 413
    for body in (b"{not json", b"[]", b'{"centre_id": "baku-1"}', b"\xff\xfe"):
        response = http.post("/api/v1/sync/events", content=body, headers=auth)
        assert response.status_code == 422, body
    extra = {**batch, "events": [{**event, "surprise": 1}]}
    assert http.post("/api/v1/sync/events", json=extra, headers=auth).status_code == 422
    bad_kind = {**batch, "events": [{**event, "kind": "DROP TABLE"}]}
    assert http.post("/api/v1/sync/events", json=bad_kind, headers=auth).status_code == 422
    naive = {**batch, "events": [{**event, "at": "2026-11-23T10:00:00"}]}
    assert http.post("/api/v1/sync/events", json=naive, headers=auth).status_code == 422
    assert http.get("/api/v1/sync/pull?cursor=-1", headers=auth).status_code == 422
    assert http.get("/api/v1/sync/pull?protocol=2", headers=auth).status_code == 422
    assert http.get("/api/v1/sync/lookup/12345", headers=auth).status_code == 422
    assert _snapshot(world) == before
