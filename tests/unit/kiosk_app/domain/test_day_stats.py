"""The day's figures from running totals equal those from the tickets themselves."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk_app.domain.day_stats import (
    BUCKET_SECONDS,
    bucket_minutes,
    bucket_of,
    figures_of,
    stats_of,
)
from kiosk_app.domain.figures import TicketFacts, day_figures
from kiosk_app.domain.tickets import TicketStatus
from server_sync.kernel.clock import BAKU

NINE = datetime(2026, 11, 23, 9, 0, tzinfo=BAKU)


def test_buckets_hold_durations_up_to_their_upper_edge() -> None:
    assert [bucket_of(m) for m in (0, 0.05, 0.1, 0.1001, 20, 15.0, 15.01)] == [
        0,
        1,
        1,
        2,
        200,
        150,
        151,
    ]
    assert bucket_minutes(200) == 20
    assert BUCKET_SECONDS * 10 == 60  # a whole-minute target is a bucket edge


def test_a_small_day_from_totals() -> None:
    def served(wait: int, service: int) -> TicketFacts:
        called = NINE + timedelta(minutes=wait)
        return TicketFacts(
            "passport",
            TicketStatus.SERVED,
            NINE,
            None,
            called,
            called + timedelta(minutes=1),
            called + timedelta(minutes=1 + service),
        )

    facts = [
        served(4, 10),
        served(10, 6),
        served(30, 8),
        TicketFacts("passport", TicketStatus.NO_SHOW, NINE, None, NINE + timedelta(minutes=20)),
        TicketFacts("passport", TicketStatus.WAITING, NINE),
    ]
    f = figures_of(stats_of(facts), waiting=1, target_minutes=15)
    assert f == day_figures(facts, target_minutes=15)


durations = st.floats(min_value=0, max_value=180, allow_nan=False)
ticket = st.tuples(
    st.sampled_from(list(TicketStatus)),
    st.integers(0, 600),  # issued, minutes after 9:00
    st.one_of(st.none(), st.integers(-20, 40)),  # booked: slot after issue
    durations,  # wait
    durations,  # service
)


def facts_of(items: list[tuple[TicketStatus, int, int | None, float, float]]) -> list[TicketFacts]:
    out = []
    for status, issued_min, slot_after, wait, service in items:
        issued = NINE + timedelta(minutes=issued_min, microseconds=137)
        slot = issued + timedelta(minutes=slot_after) if slot_after is not None else None
        start = max(issued, slot) if slot is not None else issued
        called = start + timedelta(minutes=wait) if status is not TicketStatus.WAITING else None
        served_at = called + timedelta(minutes=0.5) if called is not None else None
        finished = served_at + timedelta(minutes=service) if served_at is not None else None
        if status in (TicketStatus.CALLED, TicketStatus.TRANSFERRED):
            served_at = finished = None
        out.append(TicketFacts("s", status, issued, slot, called, served_at, finished))
    return out


@settings(max_examples=200, deadline=None)
@given(st.lists(ticket, max_size=80), st.integers(1, 60))
def test_totals_give_the_tickets_figures(items: list, target: int) -> None:
    facts = facts_of(items)
    waiting = sum(1 for f in facts if f.status is TicketStatus.WAITING)
    exact = day_figures(facts, target)
    kept = figures_of(stats_of(facts), waiting=waiting, target_minutes=target)
    for name in ("issued", "served", "no_show", "waiting", "target_minutes"):
        assert getattr(kept, name) == getattr(exact, name), name
    for name in ("no_show_percent", "average_wait", "average_service", "within_target_percent"):
        assert getattr(kept, name) == pytest.approx(getattr(exact, name)), name
    for name in ("p90_wait", "p90_service"):  # the upper edge of the exact value's bucket
        assert 0 <= getattr(kept, name) - getattr(exact, name) <= BUCKET_SECONDS / 60 + 1e-9
    assert [(p.minute, p.calls) for p in kept.curve] == [(p.minute, p.calls) for p in exact.curve]
    for a, b in zip(kept.curve, exact.curve, strict=True):
        assert a.average_wait == pytest.approx(b.average_wait)
