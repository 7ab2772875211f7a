from __future__ import annotations

import pytest

from kiosk_app.domain.estimates import estimate_wait, typical_service_minutes
from kiosk_app.domain.numbers_speech import number_words
from kiosk_app.domain.tickets import TicketNumber, next_sequence


def test_ticket_numbers_are_letter_and_three_digits() -> None:
    assert str(TicketNumber("A", 1)) == "A001"
    assert str(TicketNumber("B", 42)) == "B042"
    assert str(TicketNumber("C", 1000)) == "C1000"
    assert TicketNumber.parse("a042") == TicketNumber("A", 42)


@pytest.mark.parametrize("bad", ["", "42", "AA01", "Ə042", "A-1"])
def test_bad_ticket_numbers_are_refused(bad: str) -> None:
    with pytest.raises(ValueError, match="ticket"):
        TicketNumber.parse(bad)


def test_sequence_restarts_and_grows() -> None:
    assert next_sequence(None) == 1
    assert next_sequence(41) == 42


@pytest.mark.parametrize(
    ("n", "az", "ru", "en"),
    [
        (5, ["beş"], ["пять"], ["five"]),
        (42, ["qırx", "iki"], ["сорок", "два"], ["forty", "two"]),
        (100, ["yüz"], ["сто"], ["one", "hundred"]),
        (115, ["yüz", "on", "beş"], ["сто", "пятнадцать"], ["one", "hundred", "fifteen"]),
        (250, ["iki", "yüz", "əlli"], ["двести", "пятьдесят"], ["two", "hundred", "fifty"]),
        (1000, ["min"], ["тысяча"], ["one", "thousand"]),
    ],
)
def test_numbers_are_said_as_words(n: int, az: list, ru: list, en: list) -> None:
    assert number_words(n, "az") == az
    assert number_words(n, "ru") == ru
    assert number_words(n, "en") == en


def test_ticket_is_announced_without_leading_zeros() -> None:
    assert TicketNumber("A", 42).spoken("az") == ["A", "qırx", "iki"]
    assert TicketNumber("B", 7).spoken("en") == ["B", "seven"]


def test_estimate_uses_catalogue_minutes_until_enough_history() -> None:
    est = estimate_wait(4, open_counters=2, recent_minutes=[3, 3], catalogue_minutes=10)
    assert (est.people_ahead, est.minutes) == (4, 20)


def test_estimate_follows_recent_service_times() -> None:
    recent = [4, 5, 6, 5, 5, 40]  # the median shrugs off one long case
    assert typical_service_minutes(recent, 15) == 5
    assert (
        estimate_wait(3, open_counters=1, recent_minutes=recent, catalogue_minutes=15).minutes == 15
    )


def test_nobody_ahead_means_no_wait_and_zero_counters_do_not_divide_by_zero() -> None:
    assert estimate_wait(0, open_counters=3, recent_minutes=[], catalogue_minutes=9).minutes == 0
    assert estimate_wait(2, open_counters=0, recent_minutes=[], catalogue_minutes=9).minutes == 18
