"""The agent's pure decisions and the central conflict rules, as data."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from server_sync.kernel.booking import BookingStatus
from server_sync.kernel.clock import BAKU
from server_sync.sync.planner import (
    Backoff,
    Cursor,
    ProtocolMismatch,
    catalogue_after_push,
    heartbeat_due,
    plan_apply,
    push_batches,
    superseded,
)
from server_sync.sync.protocol import (
    BookingRecord,
    CatalogueUpdate,
    ConfigPush,
    OutboxEvent,
    PullResponse,
)
from server_sync.sync.rules import booking_event_outcome
from tests.factories import catalogue_dict

AT = datetime(2026, 11, 23, 10, 0, tzinfo=BAKU)


def _event(seq: int, key: str | None = None) -> OutboxEvent:
    return OutboxEvent(key=key or f"key-{seq:06d}", seq=seq, kind="served", at=AT)


def _record(code: str, centre: str = "baku-1") -> BookingRecord:
    return BookingRecord(
        order_code=code,
        centre_id=centre,
        service_id="passport",
        day=date(2026, 11, 23),
        start=time(10, 15),
        status=BookingStatus.BOOKED,
        created_at=AT,
    )


def test_push_batches_keep_centre_order_and_drop_repeated_keys() -> None:
    events = [_event(3), _event(1), _event(2), _event(4, "key-000001")]
    batches = push_batches(events, 2)
    assert [[e.seq for e in b] for b in batches] == [[1, 2], [3]]


@given(st.integers(min_value=1, max_value=40), st.floats(min_value=0, max_value=1))
def test_backoff_grows_to_its_cap_with_jitter(failures: int, unit: float) -> None:
    backoff = Backoff(base_s=1.0, cap_s=60.0)
    delay = backoff.delay(failures, unit)
    ceiling = min(60.0, 2.0 ** (failures - 1))
    assert ceiling / 2 <= delay <= ceiling


def test_backoff_spreads_centres_coming_back_together() -> None:
    backoff = Backoff(1.0, 60.0)
    assert backoff.delay(10, 0.0) == 30.0
    assert backoff.delay(10, 1.0) == 60.0


def test_plan_apply_moves_the_cursor_and_refuses_foreign_records() -> None:
    response = PullResponse(
        centre_id="baku-1",
        cursor=42,
        more=False,
        bookings=[_record("1"), _record("2", "gence")],
        config=[
            ConfigPush(id=7, kind="settings", data={}),
            ConfigPush(id=5, kind="settings", data={}),
        ],
    )
    plan = plan_apply(response, Cursor(10, 5), "baku-1")
    assert [b.order_code for b in plan.bookings] == ["1"]
    assert plan.skipped == 1
    assert [p.id for p in plan.config] == [7]
    assert plan.cursor == Cursor(42, 7)


def test_plan_apply_refuses_a_cursor_going_back_or_another_centre() -> None:
    with pytest.raises(ProtocolMismatch):
        plan_apply(
            PullResponse(centre_id="baku-1", cursor=3, more=False, bookings=[]),
            Cursor(9, 0),
            "baku-1",
        )
    with pytest.raises(ProtocolMismatch):
        plan_apply(
            PullResponse(centre_id="gence", cursor=9, more=False, bookings=[]),
            Cursor(9, 0),
            "baku-1",
        )


def test_heartbeat_is_due_on_interval_or_queue_change() -> None:
    assert heartbeat_due(None, 0.0, 15, False)
    assert not heartbeat_due(100.0, 110.0, 15, False)
    assert heartbeat_due(100.0, 110.0, 15, True)
    assert heartbeat_due(100.0, 115.0, 15, False)


def test_hours_push_changes_only_the_receiving_centre() -> None:
    push = ConfigPush(
        id=3, kind="hours", data={"hours": {"mon": [["10:00", "12:00"]]}, "version": 9}
    )
    after = catalogue_after_push(catalogue_dict(), push, "gence")
    assert after is not None
    hours = {c["id"]: c["hours"] for c in after["centres"]}
    assert hours["gence"] == {"mon": [["10:00", "12:00"]]}
    assert hours["baku-1"] == catalogue_dict()["centres"][0]["hours"]
    assert after["version"] == 9


@pytest.mark.parametrize(
    ("current", "kind", "status", "conflict"),
    [
        (BookingStatus.BOOKED, "check_in", BookingStatus.CHECKED_IN, None),
        (BookingStatus.CANCELLED, "check_in", BookingStatus.CHECKED_IN, "checked_in_after_cancel"),
        (BookingStatus.EXPIRED, "check_in", BookingStatus.CHECKED_IN, "checked_in_after_cancel"),
        (BookingStatus.CHECKED_IN, "check_in", None, "duplicate_check_in"),
        (BookingStatus.CHECKED_IN, "called", BookingStatus.CALLED, None),
        (BookingStatus.CALLED, "served", BookingStatus.SERVED, None),
        (BookingStatus.SERVED, "called", None, None),  # late, older event: no step back
        (BookingStatus.CALLED, "ticket_issued", None, None),
        (None, "check_in", None, "unknown_booking"),
    ],
)
def test_conflict_rules(
    current: BookingStatus | None, kind: str, status: BookingStatus | None, conflict: str | None
) -> None:
    outcome = booking_event_outcome(current, kind)
    assert (outcome.new_status, outcome.conflict) == (status, conflict)


def test_a_requeued_no_show_is_checked_in_again_and_then_ends_served() -> None:
    """Rule 6: the no-show came back, was called and served; centrally it ends served."""
    status: BookingStatus | None = BookingStatus.CALLED
    for kind in ("no_show", "requeued", "called", "served"):
        outcome = booking_event_outcome(status, kind)
        status = outcome.new_status or status
    assert status is BookingStatus.SERVED


@pytest.mark.parametrize("current", [s for s in BookingStatus if s is not BookingStatus.NO_SHOW])
def test_requeued_reopens_nothing_but_a_no_show(current: BookingStatus) -> None:
    assert booking_event_outcome(current, "requeued").new_status is None
    assert booking_event_outcome(BookingStatus.NO_SHOW, "requeued", late=True).new_status is None


def test_an_event_older_than_one_applied_is_history() -> None:
    outcome = booking_event_outcome(BookingStatus.CALLED, "check_in", late=True)
    assert (outcome.new_status, outcome.conflict, outcome.label) == (None, None, "late")


@pytest.mark.parametrize("current", list(BookingStatus))
@pytest.mark.parametrize("kind", ["check_in", "called", "served", "no_show", "ticket_issued"])
def test_conflict_rules_agree_with_the_status_table(current: BookingStatus, kind: str) -> None:
    """An event moves a booking only forward, to the status the table names for it;
    a check-in is clean only where the table allows one."""
    outcome = booking_event_outcome(current, kind)
    wanted = BookingStatus.reached_by_event(kind)
    if outcome.new_status is not None:
        assert outcome.new_status is wanted
        if current not in BookingStatus.withdrawn():
            assert (wanted.progress_rank or 0) > (current.progress_rank or 0)
    if kind == "check_in":
        clean = outcome.conflict is None
        assert clean is (current in BookingStatus.checkable_in())


def test_plan_apply_takes_a_newer_catalogue_and_drops_pushes_it_holds() -> None:
    document = catalogue_dict()
    response = PullResponse(
        centre_id="baku-1",
        cursor=42,
        more=False,
        bookings=[],
        config=[
            ConfigPush(id=6, kind="catalogue", data={**document, "version": 4}),
            ConfigPush(id=7, kind="hours", data={"hours": {}, "version": 6}),
            ConfigPush(id=8, kind="catalogue", data={**document, "based_on": 5}),
            ConfigPush(id=9, kind="settings", data={}),
        ],
        catalogue=CatalogueUpdate(version=5, catalogue=document),
    )
    plan = plan_apply(response, Cursor(10, 5, 3), "baku-1")
    assert plan.catalogue == document
    assert plan.cursor == Cursor(42, 9, 5)
    assert [p.id for p in plan.config] == [7, 8, 9]  # 6 is inside version 5


def test_an_older_central_answer_has_no_catalogue() -> None:
    answer = PullResponse.model_validate_json(
        '{"protocol": 1, "centre_id": "baku-1", "bookings": [], "cursor": 3, "more": false}'
    )
    plan = plan_apply(answer, Cursor(1, 0, 7), "baku-1")
    assert (plan.catalogue, plan.cursor) == (None, Cursor(3, 0, 7))


def test_a_trial_push_is_superseded_only_by_a_later_central_version() -> None:
    trial = ConfigPush(id=3, kind="catalogue", data={"based_on": 4})
    assert not superseded(trial, 4)
    assert superseded(trial, 5)
    everyone = ConfigPush(id=4, kind="hours", data={"hours": {}, "version": 6})
    assert (superseded(everyone, 5), superseded(everyone, 6)) == (False, True)
    assert not superseded(ConfigPush(id=5, kind="settings", data={}), 99)


def test_a_pushed_catalogue_keeps_the_window_the_centre_holds() -> None:
    current = {**catalogue_dict(), "checkin_window": {"before_minutes": 45, "grace_minutes": 5}}
    push = ConfigPush(id=1, kind="catalogue", data={**catalogue_dict(), "based_on": 2})
    after = catalogue_after_push(current, push, "baku-1")
    assert after is not None
    assert after["checkin_window"] == {"before_minutes": 45, "grace_minutes": 5}
    assert "based_on" not in after
