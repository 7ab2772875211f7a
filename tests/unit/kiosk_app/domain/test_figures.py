"""The day's figures: waits, service times, percentiles, target share, curve."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from kiosk_app.domain.figures import TicketFacts, day_figures, days_between, percentile
from kiosk_app.domain.tickets import TicketStatus
from server_sync.kernel.clock import BAKU

NINE = datetime(2026, 11, 23, 9, 0, tzinfo=BAKU)


def served(wait: int, service: int, issued: datetime = NINE) -> TicketFacts:
    called = issued + timedelta(minutes=wait)
    return TicketFacts(
        "passport",
        TicketStatus.SERVED,
        issued,
        None,
        called,
        called + timedelta(minutes=1),
        called + timedelta(minutes=1 + service),
    )


def test_figures_of_a_small_day() -> None:
    facts = [
        served(4, 10),
        served(10, 6),
        served(30, 8),
        TicketFacts("passport", TicketStatus.NO_SHOW, NINE, None, NINE + timedelta(minutes=20)),
        TicketFacts("passport", TicketStatus.WAITING, NINE),
    ]
    f = day_figures(facts, target_minutes=15)
    assert (f.issued, f.served, f.no_show, f.waiting) == (5, 3, 1, 1)
    assert f.no_show_percent == 25.0
    assert f.average_wait == (4 + 10 + 30 + 20) / 4
    assert f.p90_wait == 30
    assert f.average_service == 8
    assert f.p90_service == 10
    assert round(f.within_target_percent, 1) == 66.7


def test_a_booked_visitor_waits_from_the_slot_not_from_an_early_arrival() -> None:
    slot = NINE + timedelta(minutes=30)
    f = TicketFacts("passport", TicketStatus.SERVED, NINE, slot, slot + timedelta(minutes=3))
    assert f.wait_minutes == 3


def test_the_curve_is_by_local_half_hour_and_folds_days() -> None:
    facts = [
        served(5, 5, NINE),
        served(15, 5, NINE + timedelta(days=1)),
        served(2, 5, NINE + timedelta(hours=1, minutes=40)),
    ]
    curve = day_figures(facts, 15).curve
    assert [(p.minute, p.average_wait, p.calls) for p in curve] == [(540, 10.0, 2), (630, 2.0, 1)]


def test_an_empty_day_has_zero_figures() -> None:
    f = day_figures([], 15)
    assert (f.issued, f.average_wait, f.p90_wait, f.within_target_percent) == (0, 0, 0, 0)


@given(st.lists(st.floats(min_value=0, max_value=600), min_size=1, max_size=200))
def test_percentile_is_a_real_value_between_min_and_max(values: list[float]) -> None:
    p90 = percentile(values, 90)
    assert p90 in values
    assert min(values) <= p90 <= max(values)
    assert sum(v <= p90 for v in values) >= 0.9 * len(values)


def test_days_between() -> None:
    assert days_between(date(2026, 11, 29), date(2026, 12, 1)) == [
        date(2026, 11, 29),
        date(2026, 11, 30),
        date(2026, 12, 1),
    ]
