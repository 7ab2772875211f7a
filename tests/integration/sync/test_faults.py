"""Faults on the wire: after recovery the central store holds exactly the
centre's events — nothing lost, nothing doubled."""

from __future__ import annotations

import threading
from collections import Counter

import httpx
import pytest

from kiosk_app.services.kiosk.ticket_desk import Issued
from server_sync.sync import CentralUnavailable
from server_sync.sync.protocol import PushBatch
from tests.integration.server_sync.helpers import wait_for
from tests.integration.sync.conftest import World, later, run_in_thread


def _busy_morning(world: World, codes: list[str], walk_ins: int) -> None:
    desk = world.desk()
    for code in codes:
        assert isinstance(desk.check_in(code), Issued)
        later(world.centre_clock, seconds=20)
    for _ in range(walk_ins):
        assert isinstance(desk.issue_walk_in("passport"), Issued)


def _assert_exact(world: World) -> None:
    central = world.central_event_keys()
    assert Counter(central) == Counter(world.centre_event_keys())
    assert len(central) == len(set(central))
    assert world.centre_event_keys(unsent_only=True) == []


def _run_until_drained(world: World) -> None:
    stop = threading.Event()
    thread = run_in_thread(world.agent(), stop)
    try:
        wait_for(
            lambda: not world.centre_event_keys(unsent_only=True), timeout=20, what="outbox drained"
        )
    finally:
        stop.set()
        thread.join(10)


def test_server_down_during_check_ins_and_walk_ins(world: World) -> None:
    codes = [world.add_booking() for _ in range(6)]
    world.agent().run_round()
    world.server.stop()  # the WAN is down: the centre keeps serving
    stop = threading.Event()
    agent = world.agent()
    thread = run_in_thread(agent, stop)
    try:
        _busy_morning(world, codes, walk_ins=8)
        wait_for(lambda: agent.failures >= 2, what="agent backing off")
        assert len(world.centre_event_keys(unsent_only=True)) == 14
        world.server.start()
        wait_for(
            lambda: not world.centre_event_keys(unsent_only=True),
            timeout=20,
            what="outbox drained after the outage",
        )
    finally:
        stop.set()
        thread.join(10)
    _assert_exact(world)
    assert {world.central_status(code) for code in codes} == {"checked_in"}


def test_connection_dropped_mid_batch(world: World) -> None:
    codes = [world.add_booking() for _ in range(3)]
    world.agent().run_round()
    _busy_morning(world, codes, walk_ins=60)
    world.proxy.mode = "cut_request"
    world.proxy.cut_after = 3000
    agent = world.agent()
    with pytest.raises(CentralUnavailable):
        agent.run_round()
    assert world.proxy.faults >= 1
    world.proxy.mode = "pass"
    _run_until_drained(world)
    _assert_exact(world)


def test_answers_lost_after_the_server_committed(world: World) -> None:
    codes = [world.add_booking() for _ in range(4)]
    world.agent().run_round()
    _busy_morning(world, codes, walk_ins=20)
    world.proxy.mode = "drop_response"
    agent = world.agent()
    with pytest.raises(CentralUnavailable):
        agent.push_outbox()
    # The server stored the first batch although the centre never heard so.
    assert len(world.central_event_keys()) == 24
    assert len(world.centre_event_keys(unsent_only=True)) == 24
    world.proxy.mode = "pass"
    _run_until_drained(world)
    _assert_exact(world)


@pytest.mark.parametrize("store", ["world", "pg_world"])
def test_the_same_batch_delivered_twice(store: str, request: pytest.FixtureRequest) -> None:
    """Re-delivered keys are found as duplicates on both central engines (PostgreSQL
    looks them up through the unique index, SQLite with IN)."""
    world: World = request.getfixturevalue(store)
    code = world.add_booking()
    world.agent().run_round()
    _busy_morning(world, [code], walk_ins=3)
    events = list(world.store().unsent_events(100))
    batch = PushBatch(centre_id="baku-1", events=events).model_dump(mode="json")
    headers = {"Authorization": f"Bearer {world.token}"}
    with httpx.Client(base_url=world.server.url, headers=headers) as http:
        first = http.post("/api/v1/sync/events", json=batch).json()
        second = http.post("/api/v1/sync/events", json=batch).json()
    assert (first["new"], first["duplicates"]) == (4, 0)
    assert (second["new"], second["duplicates"]) == (0, 4)
    assert sorted(second["acked"]) == sorted(e.key for e in events)
    world.agent().run_round()  # the agent's own delivery is a third copy
    _assert_exact(world)
    assert world.central_status(code) == "checked_in"


def test_first_pull_cut_half_way_resumes_from_the_durable_cursor(world: World) -> None:
    for _ in range(500):
        world.add_booking()
    agent = world.agent()  # pages of 200
    pulled_pages: list[int] = []

    def cut_after_first_page(done: int, total: int | None) -> None:
        pulled_pages.append(done)
        world.proxy.mode = "drop_response"  # page 2 may be prefetched already; page 3 is lost

    agent.on_progress = cut_after_first_page
    with pytest.raises(CentralUnavailable):
        agent.pull_changes()
    assert world.store().cursor().bookings > 0  # applied pages are kept, with their cursor
    assert pulled_pages[-1] < 500
    world.proxy.mode = "pass"
    agent.on_progress = None
    pulled, _ = agent.pull_changes()
    assert pulled == 500 - pulled_pages[-1]  # nothing fetched twice, nothing skipped
    with world.centre.connect() as conn:
        count = conn.exec_driver_sql("SELECT count(*) FROM bookings").scalar_one()
    assert count == 500
