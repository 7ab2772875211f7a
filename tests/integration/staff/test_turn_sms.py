""" "Your turn is near" by SMS at the centre (issue 15, item 4): a walk-in who typed a
phone and a checked-in booking get one SMS each when a call leaves at most N people
ahead of them, in their language, through the centre's own SMS outbox and the SMPP
emulator (SQLite and PostgreSQL)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, time
from pathlib import Path

import pytest
from sqlalchemy import Engine, select

from kiosk_app.domain.dispatch import DispatchPolicy
from kiosk_app.domain.staff import Role
from kiosk_app.services.kiosk.ticket_desk import Issued, TicketDesk
from kiosk_app.services.staff.auth import StaffSession
from kiosk_app.services.staff.counter_desk import CounterDesk
from kiosk_app.services.turn_notices import TurnNotices
from kiosk_app.staff_config import DEFAULT_PRIORITY_CATEGORIES
from kiosk_app.store import booking_repo, make_engine, read_tx, tables, turn_notice_repo, write_tx
from server_sync.config import SmsSettings
from server_sync.kernel.clock import BAKU, FixedClock
from server_sync.services.sms_outbox import SmsOutbox
from server_sync.sms.emulator import SmscEmulator
from server_sync.sms.smpp import SmppSender
from server_sync.sms.url import SmppAddress, parse_sms_url
from tests.factories import booking, catalogue
from tests.integration.staff.conftest import CountingPublisher

WALK_IN_PHONE = "070 123 45 67"


@pytest.fixture
def engine(store_url: str) -> Iterator[Engine]:
    made = make_engine(store_url)
    yield made
    made.dispose()


def desks(engine: Engine, clock: FixedClock, ahead: int = 2) -> tuple[TicketDesk, CounterDesk]:
    notices = TurnNotices(catalogue(), "baku-1", "s", ahead=ahead, valid_minutes=30, enabled=True)
    kiosk = TicketDesk(
        engine,
        clock,
        catalogue(),
        "baku-1",
        dispatch=DispatchPolicy(booked_credit_minutes=0),  # a booking waits for its slot
        turn_notices=notices,
    )
    counter = CounterDesk(
        engine,
        clock,
        catalogue(),
        "baku-1",
        2,
        StaffSession("aysel", "Aysel", Role.OPERATOR),
        CountingPublisher(),
        kiosk,
        list(DEFAULT_PRIORITY_CATEGORIES),
    )
    return kiosk, counter


def call(counter: CounterDesk) -> None:
    """Call the next visitor and serve them (the counter is free again)."""
    assert counter.call_next().ok
    assert counter.start().ok
    assert counter.finish().ok


def queued_texts(engine: Engine) -> list[str]:
    with read_tx(engine) as conn:
        return list(
            conn.execute(select(tables.sms_outbox.c.text).order_by(tables.sms_outbox.c.id))
            .scalars()
            .all()
        )


def test_one_sms_each_when_at_most_n_are_ahead_then_sent_over_smpp(
    engine: Engine, clock: FixedClock, tmp_path: Path
) -> None:
    clock.set(datetime(2026, 11, 23, 9, 40, tzinfo=BAKU))
    kiosk, counter = desks(engine, clock)
    b = booking(at=time(10, 10))  # its call time (10:10) comes after the walk-ins below
    with write_tx(engine) as conn:
        booking_repo.upsert_bookings(conn, [b], clock.now())
    for _ in range(4):
        assert isinstance(kiosk.issue_walk_in("passport", language="az"), Issued)
        clock.advance(minutes=1)
    walk_in = kiosk.issue_walk_in("passport", language="en", phone=WALK_IN_PHONE)
    assert isinstance(walk_in, Issued)
    clock.advance(minutes=1)
    checked = kiosk.check_in(b.order_code, language="ru")
    assert isinstance(checked, Issued)
    assert counter.open().ok

    call(counter)  # 3 ahead of the walk-in: not yet
    assert queued_texts(engine) == []
    call(counter)  # 2 ahead: its SMS
    walk_in_text = (
        f"ASAN: ticket {walk_in.ticket.display}: your turn is near. "
        "2 people ahead of you. Please stay in the hall."
    )
    assert queued_texts(engine) == [walk_in_text]
    call(counter)  # 1 ahead of the walk-in (no second SMS), 2 ahead of the booking
    texts = queued_texts(engine)
    assert len(texts) == 2
    assert texts[0] == walk_in_text
    assert texts[1] == (
        f"ASAN: талон {checked.ticket.display}: ваша очередь подходит. "
        "Перед вами 2 человека. Пожалуйста, будьте в зале."
    )
    call(counter)
    assert len(queued_texts(engine)) == 2  # once each
    with read_tx(engine) as conn:  # the numbers are not kept once their SMS is queued
        phones = conn.execute(select(tables.turn_notices.c.phone)).scalars().all()
    assert phones == [None, None]

    with SmscEmulator(tmp_path / "smsc") as smsc:
        address = parse_sms_url(smsc.url)
        assert isinstance(address, SmppAddress)
        sender = SmppSender(address, SmsSettings(timeout_s=2))
        outbox = SmsOutbox(engine, turn_notice_repo.outbox_table(), sender, SmsSettings(), clock)
        assert outbox.send_due() == 2
        sender.close()
        english, russian = smsc.wait_for_messages(2, 5)
    assert (english.destination, english.text, english.data_coding) == (
        "994701234567",
        walk_in_text,
        0,
    )
    assert russian.destination == "994501234567"  # the booking's phone
    assert russian.data_coding == 8


def test_a_walk_in_without_a_phone_and_a_bad_phone_get_no_sms(
    engine: Engine, clock: FixedClock
) -> None:
    kiosk, counter = desks(engine, clock, ahead=5)
    assert TurnNotices.phone_problem("12ab") == "booking.error.phone_format"
    assert TurnNotices.phone_problem(WALK_IN_PHONE) is None
    kiosk.issue_walk_in("passport")
    kiosk.issue_walk_in("passport")
    assert counter.open().ok
    call(counter)
    assert queued_texts(engine) == []
