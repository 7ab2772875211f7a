"""The one status table, driven as data: every derived set and rule follows from it."""

from __future__ import annotations

import pytest

from server_sync.kernel.booking import (
    STATUS_TABLE,
    BookingStatus,
    InvalidTransition,
    can_transition,
)
from tests.factories import booking

S = BookingStatus

# The life cycle as a reader of seed 003 states it: (status, moves to, holds a place, rank).
EXPECTED = [
    (S.BOOKED, {S.CHECKED_IN, S.CANCELLED, S.EXPIRED}, True, 0),
    (S.CHECKED_IN, {S.CALLED}, True, 1),
    (S.CALLED, {S.SERVED, S.NO_SHOW}, True, 2),
    (S.SERVED, set(), True, 3),
    (S.NO_SHOW, set(), False, 3),
    (S.CANCELLED, set(), False, None),
    (S.EXPIRED, set(), False, None),
]


@pytest.mark.parametrize(("status", "moves", "holds", "rank"), EXPECTED)
def test_each_row_of_the_table(status: S, moves: set[S], holds: bool, rank: int | None) -> None:
    assert STATUS_TABLE[status].moves_to == moves
    assert status.is_active is holds
    assert status.is_final is (not moves)
    assert status.progress_rank == rank
    for other in S:
        assert can_transition(status, other) is (other in moves)


def test_every_status_has_a_row_and_is_reachable_from_booked() -> None:
    assert set(STATUS_TABLE) == set(S)
    seen, todo = {S.BOOKED}, [S.BOOKED]
    while todo:
        for after in STATUS_TABLE[todo.pop()].moves_to:
            if after not in seen:
                seen.add(after)
                todo.append(after)
    assert seen == set(S)


def test_derived_sets() -> None:
    assert S.cancellable() == {S.BOOKED}
    assert S.checkable_in() == {S.BOOKED}
    assert S.active() == {S.BOOKED, S.CHECKED_IN, S.CALLED, S.SERVED}
    assert S.centre_progress() == {S.CHECKED_IN, S.CALLED, S.SERVED, S.NO_SHOW}
    assert S.withdrawn() == {S.CANCELLED, S.EXPIRED}
    assert S.reached_by_event("check_in") is S.CHECKED_IN
    assert S.reached_by_event("no_show") is S.NO_SHOW
    assert S.reached_by_event("ticket_issued") is None


def test_progress_only_moves_forward_along_the_table() -> None:
    for status, rule in STATUS_TABLE.items():
        for after in rule.moves_to:
            if after.progress_rank is not None:
                assert status.progress_rank is not None
                assert after.progress_rank == status.progress_rank + 1


def test_a_booking_moves_only_along_the_table() -> None:
    b = booking()
    checked = b.moved_to(S.CHECKED_IN, at=b.created_at)
    assert (checked.status, checked.checked_in_at) == (S.CHECKED_IN, b.created_at)
    assert checked.moved_to(S.CALLED).checked_in_at == b.created_at
    with pytest.raises(InvalidTransition, match="checked_in booking cannot become cancelled"):
        checked.moved_to(S.CANCELLED)
