"""The one lock-out rule: 15 minutes at the 5th failure, doubling, up to a ceiling."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from server_sync.kernel.lockout import LockoutRule, locked_until, lockout_schedule, seconds_left

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def test_the_lock_grows_with_each_failure() -> None:
    assert lockout_schedule(5, 15, 120) == [(5, 15), (6, 30), (7, 60), (8, 120)]
    assert locked_until(4, NOW, 5, 15, 120) is None
    assert locked_until(5, NOW, 5, 15, 120) == NOW + timedelta(minutes=15)
    assert locked_until(7, NOW, 5, 15, 120) == NOW + timedelta(minutes=60)
    assert locked_until(50, NOW, 5, 15, 120) == NOW + timedelta(minutes=120)


def test_the_rule_object_is_the_same_rule() -> None:
    rule = LockoutRule(3, 1, 4)
    assert rule.schedule() == [(3, 1), (4, 2), (5, 4)]
    assert rule.locked_until(2, NOW) is None
    assert rule.locked_until(4, NOW) == NOW + timedelta(minutes=2)
    assert rule.locked_until(9, NOW) == NOW + timedelta(minutes=4)


def test_seconds_left_rounds_up_and_is_zero_when_open() -> None:
    assert seconds_left(None, NOW) == 0
    assert seconds_left(NOW - timedelta(seconds=1), NOW) == 0
    assert seconds_left(NOW + timedelta(milliseconds=10), NOW) == 1
    assert seconds_left(NOW + timedelta(seconds=90), NOW) == 90
