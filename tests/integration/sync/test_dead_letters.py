"""One event central refuses no longer blocks a centre's outbox (issue 11, item 11).

500 walk-in tickets and, among them, one check-in naming another centre's booking
(central answers 403 `events.booking_code other_centre`): over the real central
app, the 500 arrive in order, the one is parked in the centre store's dead letters
with central's reason, the heartbeat tells IT (`it status`, the IT view), and IT
lists, re-sends and drops it with `asan-queue parked`, each step audited."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa

from kiosk_app.cli.main import main
from kiosk_app.store import tables, write_tx
from kiosk_app.store.outbox import record_event
from server_sync.cli.it_cmd import status_table
from server_sync.it.overview import overview
from tests.integration.sync.conftest import World


@pytest.fixture(params=["sqlite", "postgres"])
def any_world(request: pytest.FixtureRequest) -> World:
    world: World = request.getfixturevalue("world" if request.param == "sqlite" else "pg_world")
    return world


def _poison(world: World) -> str:
    """A check-in at baku-1 of a booking made for Gəncə: central refuses it."""
    code = world.add_booking(centre="gence", day=date(2026, 11, 23))
    with write_tx(world.centre) as conn:
        return record_event(
            conn, "check_in", {"day": "2026-11-23"}, world.centre_clock.now(), booking_code=code
        )


def _issue(world: World, count: int) -> None:
    desk = world.desk()
    for _ in range(count):
        desk.issue_walk_in("passport")


def test_one_refused_event_is_parked_and_the_500_others_arrive(
    any_world: World, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    world = any_world
    _issue(world, 250)
    poison = _poison(world)
    _issue(world, 250)
    good = [k for k in world.centre_event_keys() if k != poison]
    assert len(good) == 500

    report = world.agent().run_round()  # no exception: the round carries on

    assert report.pushed == 500
    assert world.central_event_keys() == good  # all of them, in the centre's order
    store = world.store()
    assert store.backlog() == 0
    count, parked = store.parked()
    assert count == 1
    assert parked[0].key == poison
    assert parked[0].status == 403
    assert "events.booking_code other_centre" in parked[0].reason

    # IT sees it: the heartbeat carried it to the IT view and `it status`
    now = world.central_clock.now()
    baku = next(c for c in overview(world.central, now, 600) if c.centre_id == "baku-1")
    assert baku.parked_events == 1
    assert baku.parked[0]["key"] == poison
    assert "sync: 1 events parked" in status_table([baku], now)

    # later events go on too, the parked one is not retried
    _issue(world, 3)
    assert world.agent().run_round().pushed == 3
    assert poison not in world.central_event_keys()

    db = ["--db", str(world.centre.url)]
    assert main(["parked", "list", *db]) == 0
    out = capsys.readouterr().out
    assert poison in out
    assert "other_centre" in out
    assert "1 parked" in out

    # re-send: back in the outbox; central still refuses it, so it is parked again
    assert main(["parked", "resend", poison[:10], "--by", "it-rauf", *db]) == 0
    assert "back in the outbox" in capsys.readouterr().out
    assert world.store().backlog() == 1
    assert world.agent().run_round().pushed == 0
    assert world.store().parked()[0] == 1

    assert main(["parked", "drop", poison[:10], "--by", "it-rauf", *db]) == 0
    assert main(["parked", "list", *db]) == 0
    assert "no parked events" in capsys.readouterr().out
    assert main(["parked", "drop", "zzzzzz", *db]) == 1
    assert "no parked event" in capsys.readouterr().err
    with world.centre.connect() as conn:
        audited = conn.execute(
            sa.select(tables.audit_log.c.action, tables.audit_log.c.username)
            .where(tables.audit_log.c.action.like("sync_event_%"))
            .order_by(tables.audit_log.c.id)
        ).all()
    assert [tuple(r) for r in audited] == [
        ("sync_event_resend", "it-rauf"),
        ("sync_event_drop", "it-rauf"),
    ]


def test_a_refusal_of_the_whole_batch_parks_nothing(world: World) -> None:
    """Another centre's token names no event: nothing is parked, the push stops."""
    from server_sync.sync import CentralRefused
    from server_sync.sync_api.tokens import issue_token

    _issue(world, 5)
    gence = issue_token(world.central, "gence", world.central_clock.now())
    with pytest.raises(CentralRefused):
        world.agent(token=gence).push_outbox()
    assert world.store().parked()[0] == 0
    assert world.store().backlog() == 5
