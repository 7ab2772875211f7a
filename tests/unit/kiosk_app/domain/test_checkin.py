from __future__ import annotations

from datetime import date, datetime, time

import pytest

from kiosk_app.domain.checkin import (
    Accepted,
    AlreadyUsed,
    BadCheckDigit,
    Cancelled,
    TooEarly,
    TooLate,
    UnknownCode,
    WrongCentre,
    WrongDay,
    evaluate_check_in,
    precheck_code,
)
from server_sync.kernel.booking import Applicant, Booking, BookingStatus, Slot
from server_sync.kernel.checkin_window import CheckInWindow
from server_sync.kernel.clock import BAKU
from server_sync.kernel.order_codes import generate_order_code

DAY = date(2026, 11, 23)
APPLICANT = Applicant("Aysel", "Məmmədova", "Vaqif", "AZE12345678", "+994501234567", "a@mail.az")


def booking(
    status: BookingStatus = BookingStatus.BOOKED,
    centre: str = "baku-1",
    day: date = DAY,
    at: time = time(11, 0),
) -> Booking:
    return Booking(
        generate_order_code(),
        Slot(centre, "passport", day, at),
        APPLICANT,
        status,
        datetime(2026, 11, 20, 9, tzinfo=BAKU),
    )


def check(b: Booking | None, hh: int, mm: int, window: CheckInWindow | None = None) -> object:
    return evaluate_check_in(
        b,
        code=b.order_code if b else "000000000000",
        centre_id="baku-1",
        now=datetime(2026, 11, 23, hh, mm, tzinfo=BAKU),
        window=window or CheckInWindow(),
    )


def test_accepted_inside_the_window() -> None:
    b = booking()
    outcome = check(b, 10, 45)
    assert isinstance(outcome, Accepted)
    assert outcome.slot_at == datetime(2026, 11, 23, 11, 0, tzinfo=BAKU)


@pytest.mark.parametrize(("hh", "mm"), [(10, 30), (11, 0)])
def test_window_edges_are_inclusive(hh: int, mm: int) -> None:
    assert isinstance(check(booking(), hh, mm), Accepted)


def test_too_early_says_when_to_come_back() -> None:
    outcome = check(booking(), 10, 29)
    assert outcome == TooEarly(datetime(2026, 11, 23, 10, 30, tzinfo=BAKU))


def test_too_late_after_the_slot_by_default() -> None:
    assert isinstance(check(booking(), 11, 1), TooLate)


def test_grace_period_is_a_setting() -> None:
    window = CheckInWindow(before_minutes=15, grace_minutes=10)
    assert isinstance(check(booking(), 11, 10, window), Accepted)
    assert isinstance(check(booking(), 11, 11, window), TooLate)
    assert check(booking(), 10, 44, window) == TooEarly(
        datetime(2026, 11, 23, 10, 45, tzinfo=BAKU), before_minutes=15
    )


def test_unknown_code() -> None:
    assert isinstance(check(None, 10, 45), UnknownCode)


def test_wrong_centre_names_the_right_one() -> None:
    assert check(booking(centre="gence"), 10, 45) == WrongCentre("gence")


@pytest.mark.parametrize("day", [date(2026, 11, 24), date(2026, 11, 22)])
def test_wrong_day_names_the_booked_day(day: date) -> None:
    assert check(booking(day=day), 10, 45) == WrongDay(day)


@pytest.mark.parametrize(
    "status",
    [BookingStatus.CHECKED_IN, BookingStatus.CALLED, BookingStatus.SERVED, BookingStatus.NO_SHOW],
)
def test_already_used(status: BookingStatus) -> None:
    assert check(booking(status), 10, 45) == AlreadyUsed(status)


def test_cancelled_wins_over_everything_else() -> None:
    assert check(booking(BookingStatus.CANCELLED, centre="gence"), 8, 0) == Cancelled()


def test_expired_booking_today_is_too_late() -> None:
    assert isinstance(check(booking(BookingStatus.EXPIRED), 10, 45), TooLate)


def test_precheck_refuses_typos_before_any_lookup() -> None:
    code = generate_order_code()
    typo = code[:-1] + str((int(code[-1]) + 1) % 10)
    assert precheck_code(typo) == BadCheckDigit("check_digit")
    assert precheck_code(code[:4] + "-" + code[4:]) == code
