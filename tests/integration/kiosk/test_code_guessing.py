"""Order-code guessing at a kiosk, on a real centre store (SQLite and PostgreSQL):
after 5 unknown codes in 2 minutes the kiosk cools down without looking codes up,
staff see an alert on the management screen and IT through the heartbeat, and
`asan-queue ticket --code` counts in the same store (several kiosk processes share
the count)."""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from sqlalchemy import Engine

from kiosk_app.domain.checkin import AlreadyUsed, UnknownCode
from kiosk_app.services.kiosk.code_guesses import CodeGuesses
from kiosk_app.services.kiosk.device_status import DeviceReport, record_device
from kiosk_app.services.kiosk.ticket_desk import TicketDesk
from kiosk_app.services.kiosk.types import CoolingDown, Issued
from kiosk_app.services.staff.dashboard import ManagerDashboard
from kiosk_app.services.sync_store import CentreSyncStore
from kiosk_app.store import make_engine
from server_sync.kernel.booking import BookingStatus
from server_sync.kernel.clock import FixedClock
from server_sync.kernel.order_codes import generate_order_code
from tests.factories import booking, catalogue
from tests.integration.kiosk.conftest import add_bookings


@pytest.fixture
def engine(store_url: str) -> Iterator[Engine]:
    found = make_engine(store_url)
    yield found
    found.dispose()


def desk(engine: Engine, clock: FixedClock) -> TicketDesk:
    """One kiosk process: a new one stands for a restarted kiosk or a second process."""
    guesses = CodeGuesses(engine, clock, "kiosk-1", limit=5, minutes=2, alert_minutes=30)
    return TicketDesk(engine, clock, catalogue(), "baku-1", device_id="kiosk-1", guesses=guesses)


def test_five_unknown_codes_cool_the_kiosk_down_and_alert_staff_and_it(
    engine: Engine, clock: FixedClock
) -> None:
    real = booking(day=clock.now().date(), at=(clock.now() + timedelta(minutes=10)).time())
    add_bookings(engine, real, now=clock.now())
    record_device(
        engine,
        DeviceReport("kiosk-1", "1.0", "online", "ok", False, None, "ready"),
        clock.now(),
        event=False,
    )
    kiosk = desk(engine, clock)
    for _ in range(4):
        assert isinstance(kiosk.check_in(generate_order_code()), UnknownCode)
    fifth = desk(engine, clock).check_in(generate_order_code())  # another process, same count
    assert isinstance(fifth, CoolingDown)
    assert 0 < fifth.seconds <= 120
    assert isinstance(kiosk.check_in(real.order_code), CoolingDown)  # not even looked up
    board = ManagerDashboard(engine, clock, catalogue(), "baku-1", 20).snapshot()
    assert "code_guessing" in next(d for d in board.devices if d.device_id == "kiosk-1").alerts
    heartbeat = CentreSyncStore(engine, "baku-1", clock).devices()
    assert next(d for d in heartbeat if d.device_id == "kiosk-1").alert == "code_guessing"
    clock.advance(minutes=2, seconds=1)
    assert isinstance(kiosk.check_in(real.order_code), Issued)
    clock.advance(minutes=30)
    board = ManagerDashboard(engine, clock, catalogue(), "baku-1", 20).snapshot()
    assert "code_guessing" not in next(d for d in board.devices if d.device_id == "kiosk-1").alerts


def test_known_codes_do_not_count(engine: Engine, clock: FixedClock) -> None:
    day, soon = clock.now().date(), (clock.now() + timedelta(minutes=10)).time()
    bookings = [booking(day=day, at=soon) for _ in range(8)]
    add_bookings(engine, *bookings, now=clock.now())
    kiosk = desk(engine, clock)
    for _ in range(4):
        assert isinstance(kiosk.check_in(generate_order_code()), UnknownCode)
    for b in bookings:
        assert isinstance(kiosk.check_in(b.order_code), Issued)
    used = kiosk.check_in(bookings[0].order_code)  # already used: known, not counted
    assert not isinstance(used, UnknownCode | CoolingDown)
    assert isinstance(kiosk.check_in(generate_order_code()), CoolingDown)  # the 5th unknown


def test_guesses_sent_in_parallel_get_no_more_than_the_limit_answered(
    engine: Engine, clock: FixedClock
) -> None:
    """Six kiosk processes of one device send 30 unknown codes and a real one at once:
    4 unknown codes are answered "unknown", the 5th starts the cool-down, every other
    guess waits, and the real code is either checked in or told to wait, never lost."""
    real = booking(day=clock.now().date(), at=(clock.now() + timedelta(minutes=10)).time())
    add_bookings(engine, real, now=clock.now())
    desks = [desk(engine, clock) for _ in range(6)]
    codes = [generate_order_code() for _ in range(30)] + [real.order_code]
    with ThreadPoolExecutor(max_workers=6) as pool:
        answers = list(pool.map(lambda i: desks[i % 6].check_in(codes[i]), range(len(codes))))
    guesses, mine = answers[:-1], answers[-1]
    assert sum(isinstance(a, UnknownCode) for a in guesses) == 4
    assert sum(isinstance(a, CoolingDown) for a in guesses) == 26
    assert isinstance(mine, Issued | CoolingDown)
    clock.advance(minutes=2, seconds=1)
    again = desks[0].check_in(real.order_code)
    if isinstance(mine, Issued):
        assert again == AlreadyUsed(BookingStatus.CHECKED_IN)
    else:
        assert isinstance(again, Issued)
