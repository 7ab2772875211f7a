"""Reception days and hours as the seed writes them, the next 4 dates, the history's
date parser, and the request form's rules (seed 002)."""

from __future__ import annotations

from datetime import date, time

import pytest

from server_sync.domain.loose_dates import parse_loose_date
from server_sync.domain.reception_days import (
    ReceptionPhraseError,
    Skip,
    next_dates,
    parse_days,
    parse_hours,
    parse_rule,
)
from server_sync.domain.receptions import (
    COMMENT_MAX,
    NOTE_MAX,
    RequestForm,
    RequestStatus,
    can_become,
    check_comment,
    check_request,
)
from server_sync.domain.validation import FieldProblem

NINE_TO_SEVEN = (time(9), time(19))


@pytest.mark.parametrize(
    ("phrase", "weekdays"),
    [
        ("birinci günlər", {0}),
        ("ikinci günlər", {1}),
        ("üçüncü günlər", {2}),
        ("dördüncü günlər", {3}),
        ("üçüncü, beşinci günlər", {2, 4}),
        ("ÜÇÜNCÜ, BEŞİNCİ GÜNLƏR", {2, 4}),
        ("birinci və dördüncü günlər", {0, 3}),
        ("həftənin bütün iş günləri", {0, 1, 2, 3, 4}),
        ("heftənin bütün iş günləri", {0, 1, 2, 3, 4}),  # the seed's own spelling
    ],
)
def test_the_seeds_day_phrasings_are_weekdays(phrase: str, weekdays: set[int]) -> None:
    assert parse_days(phrase) == frozenset(weekdays)


@pytest.mark.parametrize("phrase", ["", "onuncu günlər", "bazar", "birinci, , günlər"])
def test_an_unknown_day_phrase_is_refused(phrase: str) -> None:
    with pytest.raises(ReceptionPhraseError):
        parse_days(phrase)


@pytest.mark.parametrize(
    ("phrase", "hours"),
    [
        ("10:00-dan", (time(10), None)),
        ("09:30-dən", (time(9, 30), None)),
        ("bütün iş saatı", (None, None)),
        ("bütün iş saati", (None, None)),  # the seed writes it so too
        ("10:00-13:00", (time(10), time(13))),
    ],
)
def test_the_seeds_hours(phrase: str, hours: tuple[time | None, time | None]) -> None:
    assert parse_hours(phrase) == hours


@pytest.mark.parametrize("phrase", ["səhər", "25:00-dan", "13:00-10:00"])
def test_unknown_hours_are_refused(phrase: str) -> None:
    with pytest.raises(ReceptionPhraseError):
        parse_hours(phrase)


def test_from_ten_runs_until_the_centre_closes_and_all_day_is_the_opening() -> None:
    assert parse_rule("birinci günlər", "10:00-dan").hours_on(NINE_TO_SEVEN) == (time(10), time(19))
    assert parse_rule("birinci günlər", "bütün iş saatı").hours_on(NINE_TO_SEVEN) == NINE_TO_SEVEN
    assert parse_rule("birinci günlər", "bütün iş saatı").hours_on(None) is None


def test_the_next_four_mondays_skip_holidays_and_full_days_and_say_so() -> None:
    rule = parse_rule("birinci günlər", "10:00-dan")
    holiday = date(2026, 12, 14)  # a Monday

    def opening(day: date) -> tuple[time, time] | None:
        return None if day == holiday else NINE_TO_SEVEN

    choices = next_dates(rule, date(2026, 12, 3), opening, {date(2026, 12, 7): 10}, capacity=10)
    assert choices.offered == [
        date(2026, 12, 21),
        date(2026, 12, 28),
        date(2027, 1, 4),
        date(2027, 1, 11),
    ]
    assert choices.skipped == [(date(2026, 12, 7), Skip.FULL), (holiday, Skip.HOLIDAY)]


def test_wednesdays_and_fridays() -> None:
    rule = parse_rule("üçüncü, beşinci günlər", "bütün iş saatı")
    choices = next_dates(rule, date(2026, 12, 3), lambda d: NINE_TO_SEVEN, {}, capacity=20)
    assert choices.offered == [
        date(2026, 12, 4),
        date(2026, 12, 9),
        date(2026, 12, 11),
        date(2026, 12, 16),
    ]


def test_no_free_day_within_the_horizon_offers_nothing() -> None:
    rule = parse_rule("birinci günlər", "10:00-dan")
    choices = next_dates(rule, date(2026, 12, 3), lambda d: None, {}, capacity=1, horizon_days=30)
    assert choices.offered == []
    assert {reason for _day, reason in choices.skipped} == {Skip.HOLIDAY}


@pytest.mark.parametrize(
    "text",
    [
        "8.4.2015",
        "08.04.2015",
        "08/04/2015",
        "8-4-2015",
        "2015-04-08",
        "2015.4.8",
        "8 aprel 2015",
        "8 Aprel 2015-ci il",
        "8 апреля 2015",
        "8 апреля 2015 г.",
        "8 April 2015",
        "April 8, 2015",
        "8 Apr 2015",
        " 08.04.15 ",
    ],
)
def test_a_date_in_any_usual_writing(text: str) -> None:
    assert parse_loose_date(text.replace("-ci il", "")) == date(2015, 4, 8)


@pytest.mark.parametrize(
    "text",
    ["", "31.02.2015", "13/13/2015", "8 foo 2015", "yesterday", "1" * 100, "2015-04", "0.0.0"],
)
def test_not_a_date(text: str) -> None:
    assert parse_loose_date(text) is None


def test_may_in_russian_and_march() -> None:
    assert parse_loose_date("3 мая 2016") == date(2016, 5, 3)
    assert parse_loose_date("3 марта 2016") == date(2016, 3, 3)
    assert parse_loose_date("3 май 2016") == date(2016, 5, 3)


def _form(**changes: object) -> RequestForm:
    values: dict[str, object] = {
        "official_id": "isgenderov-sahin",
        "day": "2026-12-08",
        "topic": "entrepreneurship",
        "social_status": "private_sector",
        "privilege": "none",
        "email": "aysel.m@mail.az",
        "phone": "050 111 22 33",
        "workplace": "Məlumat Hesablama Mərkəzi, mühəndis",
        "same_address": True,
        "current_address": "",
        "note": "",
    }
    values.update(changes)
    return RequestForm(**values)  # type: ignore[arg-type]


OFFERED = [date(2026, 12, 8), date(2026, 12, 9)]
OFFICIALS = {"isgenderov-sahin": object()}


def test_a_good_request_is_normalised() -> None:
    checked, problems = check_request(_form(), OFFERED, OFFICIALS)
    assert problems == []
    assert checked is not None
    assert checked.phone == "+994501112233"
    assert checked.current_address is None


def test_every_field_gets_its_reason() -> None:
    form = _form(
        official_id="nobody",
        day="2026-12-10",
        topic="",
        social_status="king",
        privilege="vip",
        email="no-at",
        phone="12",
        workplace="",
        same_address=False,
        current_address="",
        note="x" * (NOTE_MAX + 1),
    )
    checked, problems = check_request(form, OFFERED, OFFICIALS)
    assert checked is None
    assert {(p.field, p.code) for p in problems} == {
        ("official", "unknown_official"),
        ("day", "not_offered"),
        ("topic", "required"),
        ("social_status", "not_a_choice"),
        ("privilege", "not_a_choice"),
        ("email", "email_format"),
        ("phone", "phone_format"),
        ("workplace", "required"),
        ("current_address", "required"),
        ("note", "too_long"),
    }


def test_a_note_of_400_characters_is_kept() -> None:
    checked, _problems = check_request(_form(note="ə" * NOTE_MAX), OFFERED, OFFICIALS)
    assert checked is not None
    assert len(checked.note) == NOTE_MAX


def test_a_comment_is_at_most_1000_characters_and_not_empty() -> None:
    assert check_comment("a" * COMMENT_MAX) == "a" * COMMENT_MAX
    with pytest.raises(FieldProblem):
        check_comment("a" * (COMMENT_MAX + 1))
    with pytest.raises(FieldProblem):
        check_comment("   ")


def test_a_closed_request_stays_closed() -> None:
    assert can_become("sent", RequestStatus.CLOSED)
    assert can_become("accepted", RequestStatus.MOVED)
    assert not can_become("closed", RequestStatus.ACCEPTED)
    assert not can_become("nonsense", RequestStatus.ACCEPTED)
