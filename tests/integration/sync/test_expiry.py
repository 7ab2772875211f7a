"""Bookings that never came are closed at the centre and the close reaches the
central service: slot + grace passed without a check-in → `expired`, pushed as an
`expired` event, known there (no conflict), and a late visitor hears "too late"."""

from __future__ import annotations

from datetime import time

import sqlalchemy as sa

from kiosk_app.domain.checkin import TooLate
from kiosk_app.store import booking_repo
from kiosk_app.store.engine import read_tx
from server_sync.kernel.booking import BookingStatus
from server_sync.store.sync_models import sync_conflicts
from tests.integration.sync.conftest import World, later


def _centre_status(world: World, code: str) -> BookingStatus:
    with read_tx(world.centre) as conn:
        found = booking_repo.get_booking(conn, code)
    assert found is not None
    return found.status


def test_a_booking_nobody_checked_in_expires_at_both_ends(world: World) -> None:
    gone = world.add_booking(at=time(9, 30))  # the clocks stand at 10:00; grace 0
    coming = world.add_booking(at=time(10, 15))
    agent = world.agent()
    agent.run_round()  # pulled; expired at the start of the next round
    agent.run_round()
    assert _centre_status(world, gone) is BookingStatus.EXPIRED
    assert world.central_status(gone) == "expired"
    assert _centre_status(world, coming) is BookingStatus.BOOKED
    assert world.central_status(coming) == "booked"
    with world.central.connect() as conn:
        assert conn.execute(sa.select(sync_conflicts)).all() == []
    refusal = world.desk().check_in(gone)
    assert isinstance(refusal, TooLate)
    # later in the day the other one passes too; a check-in in time keeps a booking
    checked = world.add_booking(at=time(10, 30))
    agent.run_round()
    world.centre_clock.set(world.centre_clock.now().replace(hour=10, minute=20))
    assert not isinstance(world.desk().check_in(checked), TooLate)
    later(world.centre_clock, hours=1)
    agent.run_round()
    agent.run_round()
    assert world.central_status(coming) == "expired"
    assert world.central_status(checked) == "checked_in"
    assert _centre_status(world, checked) is BookingStatus.CHECKED_IN
