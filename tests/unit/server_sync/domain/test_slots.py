"""Slot capacity from counters, slot length and average duration; date rules."""

from __future__ import annotations

from datetime import date, time

import pytest

from server_sync.domain.slots import (
    CapacityRule,
    bookable_days,
    capacity_rule,
    date_problem,
    parse_booking_rules,
    slots_on,
)
from tests.factories import catalogue

TUESDAY = date(2026, 11, 24)


def test_two_counters_ten_minute_service_half_hour_slots_give_six_places() -> None:
    cat = catalogue()
    centre, service = cat.centres["baku-1"], cat.services["passport"]
    rule = capacity_rule(cat, centre, service, 30)
    assert rule == CapacityRule(slot_minutes=30, average_minutes=10, counters=2)
    offers = slots_on(centre, rule, TUESDAY)
    assert offers[0].start == time(9, 0)
    assert offers[-1].start == time(18, 30)
    assert {o.capacity for o in offers} == {6}


def test_fractions_are_carried_so_long_services_still_get_places() -> None:
    cat = catalogue()
    centre = cat.centres["baku-1"]
    rule = CapacityRule(slot_minutes=30, average_minutes=45, counters=1)
    capacities = [o.capacity for o in slots_on(centre, rule, TUESDAY)]
    assert capacities[:6] == [0, 1, 1, 0, 1, 1]
    assert sum(capacities) == 600 // 45  # 09:00-19:00 = 600 minutes


def test_lunch_break_holiday_and_sunday() -> None:
    cat = catalogue()
    gence, baku = cat.centres["gence"], cat.centres["baku-1"]
    rule = capacity_rule(cat, gence, cat.services["passport"], 30)
    starts = [o.start for o in slots_on(gence, rule, TUESDAY)]
    assert time(12, 30) in starts
    assert time(13, 0) not in starts
    assert time(14, 0) in starts
    baku_rule = capacity_rule(cat, baku, cat.services["passport"], 30)
    assert slots_on(baku, baku_rule, date(2026, 12, 31)) == []  # holiday
    assert slots_on(baku, baku_rule, date(2026, 11, 29)) == []  # Sunday


def test_catalogue_rules_override_per_centre_and_service() -> None:
    cat = catalogue()
    rules = parse_booking_rules(
        [
            {"centre": "baku-1", "service": "*", "slot_minutes": 60},
            {"centre": "baku-1", "service": "passport", "counters": 1, "online_share": 0.5},
            {"centre": 5},
            "junk",
        ]
    )
    rule = capacity_rule(cat, cat.centres["baku-1"], cat.services["passport"], 30, rules)
    assert rule == CapacityRule(60, 10, 1, 0.5)
    assert {o.capacity for o in slots_on(cat.centres["baku-1"], rule, TUESDAY)} == {3}


def test_no_counter_for_the_service_means_no_slots() -> None:
    cat = catalogue()
    rule = capacity_rule(cat, cat.centres["gence"], cat.services["residence"], 30)
    assert slots_on(cat.centres["gence"], rule, TUESDAY) == []


@pytest.mark.parametrize(
    ("day", "reason"),
    [
        (date(2026, 11, 22), "date_in_past"),
        (date(2026, 11, 23), "date_too_soon"),
        (date(2026, 11, 24), None),
        (date(2026, 12, 7), None),
        (date(2026, 12, 8), "date_beyond_horizon"),
    ],
)
def test_at_least_one_day_ahead_within_the_horizon(day: date, reason: str | None) -> None:
    assert date_problem(date(2026, 11, 23), day, 1, 14) == reason


def test_bookable_days() -> None:
    days = bookable_days(date(2026, 11, 23), 1, 14)
    assert days[0] == date(2026, 11, 24)
    assert days[-1] == date(2026, 12, 7)
    assert len(days) == 14
