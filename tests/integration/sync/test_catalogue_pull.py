"""A new centre comes up from `db upgrade` + `sync` alone: the agent pulls the
catalogue (centres, agencies, services, counters, hours, booking rules, the
check-in window) with its own cursor, and later central changes on the next round."""

from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path

import httpx
import pytest

from kiosk_app.cli.main import main
from kiosk_app.composition.centre import open_centre
from kiosk_app.domain.checkin import TooEarly
from kiosk_app.services.kiosk.ticket_desk import Issued, TicketDesk
from kiosk_app.services.sync_store import CentreSyncStore
from kiosk_app.settings import Settings
from kiosk_app.store import booking_repo, make_engine, read_tx, write_tx
from kiosk_app.store.catalogue_repo import load_catalogue
from server_sync.it.config_push import ALL, push_catalogue
from server_sync.kernel.clock import BAKU, FixedClock
from server_sync.services.mail_render import checkin_rule
from tests.factories import booking, catalogue_dict
from tests.integration.sync.conftest import FAST, MONDAY_10, World


def fresh_centre(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    url = f"sqlite:///{tmp_path / 'new-centre.db'}"
    assert main(["db", "upgrade", "--db", url]) == 0
    capsys.readouterr()
    return url


def sync_once(world: World, url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ASANQ_SYNC__TOKEN", world.token)
    args = ["sync", "--once", "--central", world.server.url, "--db", url, "--centre", "baku-1"]
    assert main(args) == 0


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def any_world(request: pytest.FixtureRequest) -> World:
    """The central store on SQLite, then on PostgreSQL."""
    found: World = request.getfixturevalue("world" if request.param == "sqlite" else "pg_world")
    return found


def test_a_new_centre_comes_up_from_upgrade_and_sync_alone(
    any_world: World,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    world = any_world
    url = fresh_centre(tmp_path, capsys)
    engine = make_engine(url)
    with read_tx(engine) as conn:
        assert load_catalogue(conn).services == {}  # a fresh store holds nothing
    engine.dispose()

    sync_once(world, url, monkeypatch)

    assert "catalogue version 1" in capsys.readouterr().out
    settings = Settings().with_overrides({"db.url": url, "centre.id": "baku-1"})
    ctx = open_centre(settings, FixedClock(MONDAY_10))  # the centre is in its store now
    try:
        assert set(ctx.catalogue.services) == {"passport", "residence", "water"}
        assert len(ctx.catalogue.centres["baku-1"].counters) == 3
        issued = ctx.ticket_desk().issue_walk_in("passport")
        assert isinstance(issued, Issued)
        assert str(issued.ticket.number) == "A001"
    finally:
        ctx.close()


def test_a_catalogue_change_arrives_on_the_next_round_with_its_window(world: World) -> None:
    agent = world.agent(FAST)
    assert agent.run_round().catalogue == 1
    assert agent.run_round().catalogue is None  # nothing newer: only the version travels

    document = catalogue_dict()
    document["services"][0]["name"]["az"] = "Pasportun verilməsi (yeni)"
    document["booking_rules"] = [
        {"centre": "baku-1", "service": "passport", "checkin_before_minutes": 45}
    ]
    version = world.app.state.services.catalogue.publish(document, world.central_clock.now())
    assert agent.run_round().catalogue == version

    with read_tx(world.centre) as conn:
        held = load_catalogue(conn)
    assert held.services["passport"].name.az == "Pasportun verilməsi (yeni)"
    assert held.checkin_window("baku-1", "passport").before_minutes == 45
    # The e-mail promises the window the kiosk enforces: 45 minutes before 11:00.
    central = world.app.state.services.catalogue.current().catalogue
    assert "10:15" in checkin_rule(central, "baku-1", "passport", date(2026, 11, 23), "11:00", "az")
    b = booking(at=time(11, 0))
    with write_tx(world.centre) as conn:
        booking_repo.upsert_bookings(conn, [b], world.centre_clock.now())
    clock = FixedClock(datetime(2026, 11, 23, 10, 14, tzinfo=BAKU))
    desk = TicketDesk(world.centre, clock, held, "baku-1")
    refused = desk.check_in(b.order_code)
    assert refused == TooEarly(datetime(2026, 11, 23, 10, 15, tzinfo=BAKU), 45)
    clock.set(datetime(2026, 11, 23, 10, 15, tzinfo=BAKU))
    assert isinstance(desk.check_in(b.order_code), Issued)


def test_older_pushes_do_not_undo_the_pulled_catalogue(world: World) -> None:
    """A fresh centre gets the latest central catalogue; config pushes made before it
    (already inside it) are not applied again on top."""
    now = world.central_clock.now()
    old = catalogue_dict()
    old["services"][0]["average_minutes"] = 25
    push_catalogue(world.central, old, ALL, now)  # central version 2
    newest = catalogue_dict()
    newest["services"][0]["average_minutes"] = 40
    latest = world.app.state.services.catalogue.publish(newest, now)  # version 3
    agent = world.agent(FAST)
    report = agent.run_round()
    assert (report.catalogue, report.config) == (latest, 0)
    with read_tx(world.centre) as conn:
        assert load_catalogue(conn).services["passport"].average_minutes == 40
    assert CentreSyncStore(world.centre, "baku-1").cursor().catalogue == latest


def test_a_trial_push_holds_until_the_next_central_version(world: World) -> None:
    agent = world.agent(FAST)
    agent.run_round()
    trial = catalogue_dict()
    trial["services"][0]["average_minutes"] = 33
    push_catalogue(world.central, trial, "baku-1", world.central_clock.now())
    assert agent.run_round().config == 1
    with read_tx(world.centre) as conn:
        assert load_catalogue(conn).services["passport"].average_minutes == 33
    agent.run_round()  # still the trial: no newer central version
    with read_tx(world.centre) as conn:
        assert load_catalogue(conn).services["passport"].average_minutes == 33
    world.app.state.services.catalogue.publish(catalogue_dict(), world.central_clock.now())
    agent.run_round()
    with read_tx(world.centre) as conn:
        assert load_catalogue(conn).services["passport"].average_minutes == 10


def test_an_older_agent_is_answered_as_before(world: World) -> None:
    """Protocol 1 agents never ask for the catalogue and never get the field (their
    answer model refuses unknown fields)."""
    headers = {"Authorization": f"Bearer {world.token}"}
    old = httpx.get(f"{world.server.url}/api/v1/sync/pull", headers=headers)
    assert old.status_code == 200
    assert "catalogue" not in old.json()
    new = httpx.get(
        f"{world.server.url}/api/v1/sync/pull", headers=headers, params={"catalogue_since": 1}
    )
    assert new.json()["catalogue"] == {"protocol": 1, "version": 1, "catalogue": None}
