"""The counter's state machine: which buttons an operator may press when."""

from __future__ import annotations

import pytest

from kiosk_app.domain.counter import (
    CounterAction as A,
)
from kiosk_app.domain.counter import (
    CounterState as S,
)
from kiosk_app.domain.counter import (
    Desk,
    allowed_actions,
    refusal,
    state_after,
)
from kiosk_app.domain.tickets import TicketStatus as T


def test_a_closed_counter_can_only_be_opened() -> None:
    assert allowed_actions(Desk(S.CLOSED)) == {A.OPEN}
    assert refusal(Desk(S.CLOSED), A.CALL_NEXT) == "counter_closed"


def test_an_open_idle_counter_calls_pauses_or_closes() -> None:
    assert allowed_actions(Desk(S.OPEN)) == {A.CLOSE, A.PAUSE, A.CALL_NEXT}


def test_with_a_called_visitor_the_operator_recalls_starts_or_marks_no_show() -> None:
    assert allowed_actions(Desk(S.OPEN, T.CALLED)) == {A.RECALL, A.START, A.NO_SHOW, A.TRANSFER}


def test_while_serving_only_finish_or_transfer() -> None:
    assert allowed_actions(Desk(S.OPEN, T.SERVING)) == {A.FINISH, A.TRANSFER}
    assert refusal(Desk(S.OPEN, T.SERVING), A.CALL_NEXT) == "finish_first"
    assert refusal(Desk(S.OPEN, T.SERVING), A.CLOSE) == "finish_first"


def test_a_paused_counter_resumes_or_closes_but_does_not_call() -> None:
    assert allowed_actions(Desk(S.PAUSED)) == {A.RESUME, A.CLOSE}
    assert refusal(Desk(S.PAUSED), A.CALL_NEXT) == "counter_paused"


@pytest.mark.parametrize(
    ("action", "after"),
    [
        (A.OPEN, S.OPEN),
        (A.PAUSE, S.PAUSED),
        (A.RESUME, S.OPEN),
        (A.CLOSE, S.CLOSED),
        (A.CALL_NEXT, S.OPEN),
    ],
)
def test_state_after_each_action(action: A, after: S) -> None:
    assert state_after(Desk(S.OPEN), action) is after
