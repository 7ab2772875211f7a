"""Pull with a durable cursor, IT config pushes, heartbeat → IT page, the live
status page and the kiosk's online fallback."""

from __future__ import annotations

import io
import re
import time as time_module
from concurrent.futures import ThreadPoolExecutor
from datetime import date, time

import httpx
import pytest

from kiosk_app.cli.sync_cmd import ProgressBar
from kiosk_app.services.kiosk.online_lookup import CentralOnlineLookup
from kiosk_app.services.kiosk.ports import LookupUnavailable
from kiosk_app.services.kiosk.printing import status_url
from kiosk_app.services.kiosk.ticket_desk import Issued
from kiosk_app.store import tables
from kiosk_app.store.catalogue_repo import load_catalogue
from kiosk_app.store.engine import read_tx, write_tx
from server_sync.it.config_push import ALL, push_catalogue, push_hours
from server_sync.it.overview import overview, push_history
from server_sync.it.users import set_password
from server_sync.sync import CentralUnavailable, HttpOnlineLookup
from server_sync.sync.protocol import OutboxEvent, PushBatch
from server_sync.sync_api.tokens import issue_token
from tests.factories import catalogue_dict
from tests.integration.sync.conftest import FAST, World


def test_first_pull_shows_progress_and_a_restart_resumes(world: World) -> None:
    codes = [world.add_booking(at=time(10 + i % 8, 0)) for i in range(450)]
    world.add_booking(centre="gence")
    shown = io.StringIO()
    agent = world.agent(on_progress=ProgressBar(shown))
    assert agent.pull_changes() == (450, 0)
    assert "first pull [" in shown.getvalue()
    assert "450/450 bookings" in shown.getvalue()
    fresh = world.agent()  # a restarted agent: the cursor comes from the centre store
    assert fresh.pull_changes() == (0, 0)
    world.cancel_centrally(codes[0])
    assert fresh.pull_changes() == (1, 0)


def test_config_pushes_reach_centres_and_it_sees_who_applied(world: World) -> None:
    now = world.central_clock.now()
    document = catalogue_dict()
    document["services"][0]["average_minutes"] = 25
    first = push_catalogue(world.central, document, ALL, now, "passport takes longer")
    hours = {"hours": {d: [["10:00", "16:00"]] for d in ("mon", "tue", "wed", "thu", "fri")}}
    second = push_hours(world.central, hours, "baku-1", now)
    agent = world.agent()
    agent.run_round()
    with read_tx(world.centre) as conn:
        stored = load_catalogue(conn)
    assert stored.services["passport"].average_minutes == 25
    assert stored.centres["baku-1"].hours.intervals_on(date(2026, 11, 28)) == ()  # Saturday
    history = {p.id: p for p in push_history(world.central, ["baku-1", "gence"])}
    assert set(history[first].applied) == {"baku-1"}
    assert history[first].waiting == ["gence"]
    assert set(history[second].applied) == {"baku-1"}
    # the booking pages use the hours too
    assert world.app.state.services.catalogue.current().version >= 3


def test_heartbeat_feeds_the_it_page_and_stale_centres_are_flagged(world: World) -> None:
    with write_tx(world.centre) as conn:
        conn.execute(
            tables.devices.insert().values(
                device_id="kiosk-1",
                kind="kiosk",
                version="1.4.2",
                last_seen=world.centre_clock.now(),
                printer_state="online",
                paper="near_end",
                cover_open=False,
                alert=None,
                details={},
            )
        )
    world.agent().run_round()
    centres = {c.centre_id: c for c in overview(world.central, world.central_clock.now(), 120)}
    assert not centres["baku-1"].stale
    assert [str(a) for a in centres["baku-1"].alerts] == ["kiosk-1: paper near end"]
    assert not centres["gence"].connected  # never set up: not flagged
    assert not centres["gence"].stale
    issue_token(world.central, "gence", world.central_clock.now())
    gence = {c.centre_id: c for c in overview(world.central, world.central_clock.now(), 120)}
    assert gence["gence"].stale  # has a token, never reported
    set_password(world.central, "leyla", "correct horse battery", world.central_clock.now())
    with httpx.Client(base_url=world.server.url) as http:
        assert http.get("/it").status_code == 303  # sign-in required
        wrong = http.post("/it/sign-in", data={"username": "leyla", "password": "nope"})
        assert wrong.status_code == 401
        ok = http.post(
            "/it/sign-in", data={"username": "leyla", "password": "correct horse battery"}
        )
        assert ok.status_code == 303
        page = http.get("/it?lang=en")
        assert page.status_code == 200
        assert "Paper near end" in page.text
        assert "Stale" in page.text
        assert "Online" in page.text
    world.central_clock.set(world.central_clock.now().replace(hour=11))
    later = {c.centre_id: c for c in overview(world.central, world.central_clock.now(), 120)}
    assert later["baku-1"].stale


def test_live_status_page_shows_place_and_counter_without_personal_data(world: World) -> None:
    code = world.add_booking()
    agent = world.agent()
    agent.run_round()
    desk = world.desk()
    first = desk.issue_walk_in("passport")
    booked = desk.check_in(code)
    assert isinstance(first, Issued)
    assert isinstance(booked, Issued)
    agent.run_round()
    number = booked.ticket.display
    url = f"/t/baku-1/2026-11-23/{number}"
    with httpx.Client(base_url=world.server.url) as http:
        page = http.get(url + "?lang=az")
        assert page.status_code == 200
        assert number in page.text
        assert "Pasportun verilməsi" in page.text
        ahead = re.search(r"Sizdən əvvəl (\d+) nəfər", page.text) or re.search(
            "Növbəti sizsiniz", page.text
        )
        assert ahead is not None
        for secret in ("Aysel", "Məmmədova", "AZE12345678", "+99450", code):
            assert secret not in page.text
        assert "Your ticket" in http.get(url + "?lang=en").text
        assert "Ваш талон" in http.get(url + "?lang=ru").text
        # the QR the kiosk shows a Russian-speaking visitor opens in Russian on any phone
        qr = status_url("", "baku-1", "2026-11-23", number, "ru")
        phone = http.get("/t" + qr, headers={"accept-language": "en-GB,en"})
        assert "Ваш талон" in phone.text
        assert phone.headers["content-language"] == "ru"
        assert http.get("/t/baku-1/2026-11-23/Z999").status_code == 404
        assert http.get("/t/../etc/passwd").status_code == 404


def test_online_lookup_answers_within_its_timeout(world: World) -> None:
    code = world.add_booking()
    other = world.add_booking(centre="gence")
    lookup = CentralOnlineLookup(HttpOnlineLookup(world.proxy.url, world.token, 1.0))
    found = lookup.lookup(code)
    assert found is not None
    assert found.applicant.first_name == "Aysel"
    foreign = lookup.lookup(other)
    assert foreign is not None
    assert foreign.slot.centre_id == "gence"
    assert foreign.applicant.first_name == ""  # another centre's: no personal data
    assert lookup.lookup("000000000000") is None
    world.proxy.mode = "hang"
    slow = CentralOnlineLookup(HttpOnlineLookup(world.proxy.url, world.token, 0.5))
    started = time_module.monotonic()
    with pytest.raises(LookupUnavailable):
        slow.lookup(code)
    assert time_module.monotonic() - started < 2.0  # bounded: the store's answer stands
    lookup.inner.close()
    slow.inner.close()


@pytest.mark.postgres
def test_end_to_end_on_postgresql(pg_world: World) -> None:
    world = pg_world
    codes = [world.add_booking() for _ in range(5)]
    agent = world.agent(FAST)
    agent.run_round()
    desk = world.desk()
    world.server.stop()
    for code in codes[:3]:
        assert isinstance(desk.check_in(code), Issued)
    for _ in range(4):
        assert isinstance(desk.issue_walk_in("water"), Issued)
    world.cancel_centrally(codes[3])
    world.server.start()
    world.proxy.mode = "drop_response"
    with pytest.raises(CentralUnavailable):
        agent.push_outbox()
    world.proxy.mode = "pass"
    agent.run_round()
    assert world.central_event_keys() == world.centre_event_keys()
    assert [world.central_status(c) for c in codes] == [
        "checked_in",
        "checked_in",
        "checked_in",
        "cancelled",
        "booked",
    ]


@pytest.mark.postgres
def test_the_same_batch_racing_itself_is_stored_once_on_postgresql(pg_world: World) -> None:
    world = pg_world
    code = world.add_booking()
    world.agent().run_round()
    at = world.centre_clock.now()
    events = [
        OutboxEvent(
            key=f"race-{n:04d}",
            seq=n,
            kind="ticket_issued",
            at=at,
            payload={"number": f"H{n:03d}", "day": "2026-11-23"},
        )
        for n in range(1, 200)
    ] + [OutboxEvent(key="race-check-in", seq=500, kind="check_in", at=at, booking_code=code)]
    batch = PushBatch(centre_id="baku-1", events=events)
    clients = [world.agent().client for _ in range(4)]
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda client: client.push(batch), clients))
    assert sum(r.new for r in results) == len(events)
    assert all(sorted(r.acked) == sorted(e.key for e in events) for r in results)
    assert len(world.central_event_keys()) == len(events)
    assert world.central_status(code) == "checked_in"
