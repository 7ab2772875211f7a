"""The centre store's behaviour, run on SQLite and on PostgreSQL alike."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from sqlalchemy import Engine, func, select

from kiosk_app.domain.checkin import AlreadyUsed, Cancelled, TooEarly, UnknownCode, WrongCentre
from kiosk_app.domain.tickets import TicketKind, TicketNumber
from kiosk_app.services.kiosk.ticket_desk import Issued, ServiceUnavailable, TicketDesk
from kiosk_app.store import booking_repo, current_revision, head_revision, read_tx, tables, write_tx
from kiosk_app.store.catalogue_repo import load_catalogue
from server_sync.kernel.booking import BookingStatus
from server_sync.kernel.clock import BAKU, FixedClock
from tests.factories import booking, catalogue


def desk(engine: Engine, clock: FixedClock, device: str = "kiosk-1") -> TicketDesk:
    return TicketDesk(engine, clock, catalogue(), "baku-1", device_id=device)


def test_store_is_at_the_latest_migration(engine: Engine) -> None:
    assert current_revision(engine) == head_revision()


def test_catalogue_round_trips(engine: Engine) -> None:
    with read_tx(engine) as conn:
        loaded = load_catalogue(conn)
    assert loaded == catalogue()
    assert loaded.centres["gence"].hours.intervals[0][1][0] == time(14, 0)


def test_walk_in_numbers_count_up_per_letter(engine: Engine, clock: FixedClock) -> None:
    d = desk(engine, clock)
    numbers = [d.issue_walk_in(s) for s in ("passport", "passport", "water", "passport")]
    assert [str(i.ticket.number) for i in numbers if isinstance(i, Issued)] == [
        "A001",
        "A002",
        "H001",
        "A003",
    ]


def test_numbers_restart_the_next_day(engine: Engine, clock: FixedClock) -> None:
    d = desk(engine, clock)
    d.issue_walk_in("passport")
    d.issue_walk_in("passport")
    clock.advance(days=1)
    issued = d.issue_walk_in("passport")
    assert isinstance(issued, Issued)
    assert issued.ticket.number == TicketNumber("A", 1)
    assert issued.ticket.day == date(2026, 11, 24)


def test_retry_with_the_same_request_returns_the_same_ticket(
    engine: Engine, clock: FixedClock
) -> None:
    d = desk(engine, clock)
    first = d.issue_walk_in("passport", request_id="tap-1")
    again = d.issue_walk_in("passport", request_id="tap-1")
    assert isinstance(first, Issued)
    assert isinstance(again, Issued)
    assert again.ticket.id == first.ticket.id
    assert again.repeated
    nxt = d.issue_walk_in("passport", request_id="tap-2")
    assert isinstance(nxt, Issued)
    assert str(nxt.ticket.number) == "A002"


def test_walk_in_refusals(engine: Engine, clock: FixedClock) -> None:
    d = desk(engine, clock)
    assert d.issue_walk_in("nope") == ServiceUnavailable("nope", "unknown")
    assert d.issue_walk_in("residence") == ServiceUnavailable("residence", "no_walk_in")
    clock.set(datetime(2026, 11, 23, 19, 30, tzinfo=BAKU))
    assert d.issue_walk_in("passport") == ServiceUnavailable("passport", "closed")


def test_people_ahead_and_wait_grow_with_the_queue(engine: Engine, clock: FixedClock) -> None:
    d = desk(engine, clock)
    results = [d.issue_walk_in("passport") for _ in range(5)]
    last = results[-1]
    assert isinstance(last, Issued)
    # 4 ahead × 10 min ÷ 2 counters serving passports
    assert (last.estimate.people_ahead, last.estimate.minutes) == (4, 20)
    assert d.estimate_for("passport").people_ahead == 5


def test_check_in_issues_a_booked_ticket_once(engine: Engine, clock: FixedClock) -> None:
    b = booking(at=time(10, 15))
    with write_tx(engine) as conn:
        booking_repo.upsert_bookings(conn, [b], clock.now())
    walk = desk(engine, clock).issue_walk_in("passport")
    result = desk(engine, clock).check_in(b.order_code[:6] + " " + b.order_code[6:])
    assert isinstance(result, Issued)
    assert isinstance(walk, Issued)
    assert result.ticket.kind is TicketKind.BOOKED
    assert result.ticket.booking_code == b.order_code
    assert result.estimate.people_ahead == 0  # booked ahead of the walk-in
    again = desk(engine, clock, device="kiosk-2").check_in(b.order_code)
    assert again == AlreadyUsed(BookingStatus.CHECKED_IN)
    with read_tx(engine) as conn:
        stored = booking_repo.get_booking(conn, b.order_code)
        events = conn.execute(select(tables.outbox.c.kind, tables.outbox.c.booking_code)).all()
    assert stored is not None
    assert stored.status is BookingStatus.CHECKED_IN
    assert ("check_in", b.order_code) in [tuple(e) for e in events]
    assert len(events) == 2  # the walk-in and the check-in, each written with its ticket


def test_a_retried_confirm_tap_gets_the_same_check_in_ticket(
    engine: Engine, clock: FixedClock
) -> None:
    """The answer to "Təsdiq et" was lost and the kiosk asks again with the same
    request: the visitor gets their ticket again, not "already used"; a new request
    with the same code is refused, and the store holds one ticket and one event."""
    b = booking(at=time(10, 15))
    with write_tx(engine) as conn:
        booking_repo.upsert_bookings(conn, [b], clock.now())
    d = desk(engine, clock)
    first = d.check_in(b.order_code, request_id="tap-1")
    again = d.check_in(b.order_code, request_id="tap-1")
    assert isinstance(first, Issued)
    assert isinstance(again, Issued)
    assert (again.ticket.id, again.repeated, first.repeated) == (first.ticket.id, True, False)
    assert d.check_in(b.order_code, request_id="tap-2") == AlreadyUsed(BookingStatus.CHECKED_IN)
    with read_tx(engine) as conn:
        assert conn.execute(select(func.count()).select_from(tables.tickets)).scalar() == 1
        assert conn.execute(select(func.count()).select_from(tables.outbox)).scalar() == 1


def test_check_in_refusals_come_from_the_store(engine: Engine, clock: FixedClock) -> None:
    early = booking(at=time(11, 0))
    elsewhere = booking(centre="gence", at=time(10, 15))
    with write_tx(engine) as conn:
        booking_repo.upsert_bookings(conn, [early, elsewhere], clock.now())
    d = desk(engine, clock)
    assert d.check_in(early.order_code) == TooEarly(datetime(2026, 11, 23, 10, 30, tzinfo=BAKU))
    assert d.check_in(elsewhere.order_code) == WrongCentre("gence")
    unknown = booking().order_code
    assert d.check_in(unknown) == UnknownCode(unknown)
    with read_tx(engine) as conn:
        assert conn.execute(select(func.count()).select_from(tables.outbox)).scalar() == 0


def test_sync_refresh_keeps_the_centres_check_in(engine: Engine, clock: FixedClock) -> None:
    b = booking(at=time(10, 15))
    with write_tx(engine) as conn:
        booking_repo.upsert_bookings(conn, [b], clock.now())
    assert isinstance(desk(engine, clock).check_in(b.order_code), Issued)
    stale = booking(code=b.order_code, at=time(10, 15))  # central copy still says "booked"
    with write_tx(engine) as conn:
        booking_repo.upsert_bookings(conn, [stale], clock.now() + timedelta(minutes=1))
        kept = booking_repo.get_booking(conn, b.order_code)
    assert kept is not None
    assert kept.status is BookingStatus.CHECKED_IN
    assert kept.checked_in_at == clock.now()


def test_central_cancellation_reaches_a_booking_not_yet_checked_in(
    engine: Engine, clock: FixedClock
) -> None:
    b = booking(at=time(10, 15))
    with write_tx(engine) as conn:
        booking_repo.upsert_bookings(conn, [b], clock.now())
        booking_repo.upsert_bookings(
            conn, [booking(code=b.order_code, status=BookingStatus.CANCELLED)], clock.now()
        )
    assert desk(engine, clock).check_in(b.order_code) == Cancelled()


def test_thousands_of_bookings_upsert_in_one_call(engine: Engine, clock: FixedClock) -> None:
    many = [booking(at=time(9 + i % 10, 0)) for i in range(2500)]
    with write_tx(engine) as conn:
        assert booking_repo.upsert_bookings(conn, many, clock.now()) == 2500
    with read_tx(engine) as conn:
        assert booking_repo.get_booking(conn, many[-1].order_code) == many[-1]
