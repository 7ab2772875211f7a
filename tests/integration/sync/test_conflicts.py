"""The written conflict rules (server_sync.sync.rules), end to end over HTTP."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from kiosk_app.domain.checkin import AlreadyUsed
from kiosk_app.domain.staff import Role
from kiosk_app.services.kiosk.ticket_desk import Issued
from kiosk_app.services.staff.counter_desk import CounterDesk
from kiosk_app.services.staff.types import StaffSession
from kiosk_app.staff_config import DEFAULT_PRIORITY_CATEGORIES
from kiosk_app.store import booking_repo
from kiosk_app.store.engine import read_tx
from server_sync.store.sync_models import sync_centres, sync_conflicts, sync_events
from server_sync.store.tables import bookings
from server_sync.sync.protocol import OutboxEvent, PushBatch
from tests.factories import catalogue
from tests.integration.sync.conftest import World


def _centre_status(world: World, code: str) -> str:
    with read_tx(world.centre) as conn:
        found = booking_repo.get_booking(conn, code)
    assert found is not None
    return found.status.value


def _conflicts(world: World) -> list[tuple[str, str]]:
    with world.central.connect() as conn:
        rows = conn.execute(sa.select(sync_conflicts.c.kind, sync_conflicts.c.booking_code))
        return [(kind, code) for kind, code in rows.tuples()]


def test_cancelled_centrally_after_caching_is_cancelled_at_the_centre(world: World) -> None:
    code = world.add_booking()
    agent = world.agent()
    agent.run_round()
    assert _centre_status(world, code) == "booked"
    world.cancel_centrally(code)
    agent.run_round()
    assert _centre_status(world, code) == "cancelled"
    refused = world.desk().check_in(code)
    assert not isinstance(refused, Issued)  # the kiosk says "cancelled"
    assert _conflicts(world) == []


def test_offline_check_in_of_a_booking_cancelled_meanwhile_is_kept_and_flagged(
    world: World,
) -> None:
    code = world.add_booking()
    agent = world.agent()
    agent.run_round()
    world.server.stop()
    issued = world.desk().check_in(code)  # offline: the centre still has it as booked
    assert isinstance(issued, Issued)
    world.server.start()
    world.cancel_centrally(code)  # the citizen cancels online meanwhile
    agent.run_round()
    assert _centre_status(world, code) == "checked_in"  # the pull did not undo the visit
    assert world.central_status(code) == "checked_in"
    assert _conflicts(world) == [("checked_in_after_cancel", code)]
    with world.central.connect() as conn:
        outcome = conn.execute(
            sa.select(sync_events.c.outcome).where(sync_events.c.kind == "check_in")
        ).scalar_one()
        checked_in_at = conn.execute(
            sa.select(bookings.c.checked_in_at).where(bookings.c.order_code == code)
        ).scalar_one()
    assert outcome == "conflict"
    assert checked_in_at == world.centre_clock.now()


def test_the_same_code_at_two_kiosks(world: World) -> None:
    code = world.add_booking()
    agent = world.agent()
    agent.run_round()
    first = world.desk("kiosk-1").check_in(code)
    second = world.desk("kiosk-2").check_in(code)
    assert isinstance(first, Issued)
    assert isinstance(second, AlreadyUsed)  # the centre store refuses the second
    agent.run_round()
    assert len(world.central_event_keys()) == 1
    # A second check-in event for the code (another key: e.g. a restored backup).
    event = world.store().unsent_events(1)
    assert event == []
    twin = OutboxEvent(
        key="restored-backup-1",
        seq=99,
        kind="check_in",
        at=world.centre_clock.now(),
        booking_code=code,
    )
    result = world.agent().client.push(PushBatch(centre_id="baku-1", events=[twin]))
    assert (result.new, result.conflicts) == (1, 1)
    assert world.central_status(code) == "checked_in"
    assert _conflicts(world) == [("duplicate_check_in", code)]


def test_clocks_minutes_apart_change_neither_order_nor_cursor(world: World) -> None:
    world.centre_clock.set(world.central_clock.now() - timedelta(minutes=7))
    codes = [world.add_booking() for _ in range(3)]
    agent = world.agent()
    agent.run_round()
    desk = world.desk()
    assert isinstance(desk.check_in(codes[0]), Issued)
    world.centre_clock.set(world.central_clock.now() + timedelta(minutes=9))  # NTP jump
    assert isinstance(desk.check_in(codes[1]), Issued)
    later_booking = world.add_booking()  # made centrally "before" the centre's clock
    agent.run_round()
    assert _centre_status(world, later_booking) == "booked"  # not skipped by the cursor
    with world.central.connect() as conn:
        seqs = list(
            conn.execute(sa.select(sync_events.c.centre_seq).order_by(sync_events.c.id)).scalars()
        )
    assert seqs == sorted(seqs)
    assert {world.central_status(c) for c in codes[:2]} == {"checked_in"}
    with world.central.connect() as conn:  # the heartbeat shows IT the skew
        skew = conn.execute(sa.select(sync_centres.c.clock_skew_s)).scalar_one()
    assert skew == 540


def test_events_apply_in_centre_sequence_not_arrival_or_clock(world: World) -> None:
    code = world.add_booking()
    agent = world.agent()
    agent.run_round()
    at = world.centre_clock.now()
    check_in = OutboxEvent(key="evt-check-in", seq=10, kind="check_in", at=at, booking_code=code)
    called = OutboxEvent(
        key="evt-called", seq=11, kind="called", at=at - timedelta(minutes=5), booking_code=code
    )
    served = OutboxEvent(key="evt-served", seq=12, kind="served", at=at, booking_code=code)
    # served arrives first, in a batch of its own; the rest come later, out of order
    agent.client.push(PushBatch(centre_id="baku-1", events=[check_in]))
    agent.client.push(PushBatch(centre_id="baku-1", events=[served]))
    result = agent.client.push(PushBatch(centre_id="baku-1", events=[called]))
    assert result.conflicts == 0
    assert world.central_status(code) == "served"  # the late "called" did not step back
    assert _conflicts(world) == []


def test_a_no_show_who_came_back_and_was_served_ends_served_centrally(world: World) -> None:
    """Rule 6 with the real counter: called, no-show, back in line ("Növbəyə qaytar"),
    called again and served; after the push the central booking says served, which is
    what the citizen's "Mənim müraciətlərim" and the reports show."""
    code = world.add_booking()
    agent = world.agent()
    agent.run_round()
    kiosk = world.desk()
    issued = kiosk.check_in(code)
    assert isinstance(issued, Issued)

    class Quiet:
        def published(self) -> None:
            pass

    counter = CounterDesk(
        world.centre,
        world.centre_clock,
        catalogue(),
        "baku-1",
        1,
        StaffSession("rauf", "Rauf", Role.OPERATOR),
        Quiet(),
        kiosk,
        list(DEFAULT_PRIORITY_CATEGORIES),
    )
    assert counter.open().ok
    assert counter.call_next().ok
    assert counter.no_show().ok
    agent.run_round()
    assert world.central_status(code) == "no_show"
    assert counter.requeue(issued.ticket.display).message == "requeued"
    assert counter.call_next().ok
    assert counter.start().ok
    assert counter.finish().ok
    agent.run_round()
    assert world.central_status(code) == "served"
    assert _conflicts(world) == []
