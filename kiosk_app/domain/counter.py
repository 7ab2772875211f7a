"""The counter (pəncərə) as a small state machine: which action is allowed when.

A counter is closed, open or paused; while open it holds at most one ticket,
which is either called (the visitor is walking up) or being served. The rules
here are pure so the workstation can grey out buttons and the store can refuse
the same things for the same reasons.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from kiosk_app.domain.tickets import TicketStatus


class CounterState(enum.StrEnum):
    CLOSED = "closed"
    OPEN = "open"
    PAUSED = "paused"


class CounterAction(enum.StrEnum):
    OPEN = "open"
    CLOSE = "close"
    PAUSE = "pause"
    RESUME = "resume"
    CALL_NEXT = "call_next"
    RECALL = "recall"
    START = "start"
    FINISH = "finish"
    NO_SHOW = "no_show"
    TRANSFER = "transfer"


@dataclass(frozen=True)
class Desk:
    """What the rules need to know of one counter right now."""

    state: CounterState
    ticket_status: TicketStatus | None = None  # the ticket in hand: called/serving/None

    @property
    def holding(self) -> bool:
        return self.ticket_status in (TicketStatus.CALLED, TicketStatus.SERVING)


def refusal(desk: Desk, action: CounterAction) -> str | None:
    """Why `action` is not allowed now (a message key), or None when it is."""
    a, s, t = action, desk.state, desk.ticket_status
    if a is CounterAction.OPEN:
        return None if s is CounterState.CLOSED else "already_open"
    if s is CounterState.CLOSED:
        return "counter_closed"
    if a in (CounterAction.CLOSE, CounterAction.PAUSE):
        if desk.holding:
            return "finish_first"
        if a is CounterAction.PAUSE and s is CounterState.PAUSED:
            return "already_paused"
        return None
    if a is CounterAction.RESUME:
        return None if s is CounterState.PAUSED else "not_paused"
    if a is CounterAction.CALL_NEXT:
        if s is CounterState.PAUSED:
            return "counter_paused"
        return "finish_first" if desk.holding else None
    if a in (CounterAction.RECALL, CounterAction.START, CounterAction.NO_SHOW):
        return None if t is TicketStatus.CALLED else "no_called_ticket"
    if a is CounterAction.FINISH:
        return None if t is TicketStatus.SERVING else "not_serving"
    if a is CounterAction.TRANSFER:
        return None if desk.holding else "no_ticket"
    raise AssertionError(f"unhandled action {a}")  # pragma: no cover


def allowed_actions(desk: Desk) -> frozenset[CounterAction]:
    """Every action the operator may take now (for enabling buttons)."""
    return frozenset(a for a in CounterAction if refusal(desk, a) is None)


def state_after(desk: Desk, action: CounterAction) -> CounterState:
    """The counter's state once `action` has been done."""
    if action in (CounterAction.OPEN, CounterAction.RESUME):
        return CounterState.OPEN
    if action is CounterAction.CLOSE:
        return CounterState.CLOSED
    if action is CounterAction.PAUSE:
        return CounterState.PAUSED
    return desk.state
