from __future__ import annotations

from datetime import datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk_app.domain.dispatch import DispatchPolicy, Waiting, choose_next, position_in_queue
from kiosk_app.domain.tickets import TicketKind
from server_sync.kernel.clock import BAKU

T0 = datetime(2026, 11, 23, 9, 0, tzinfo=BAKU)
POLICY = DispatchPolicy(booked_credit_minutes=60, priority_credit_minutes=30)


def w(
    tid: int, kind: TicketKind, issued_min: int, slot_min: int | None = None, service: str = "s1"
) -> Waiting:
    slot = T0 + timedelta(minutes=slot_min) if slot_min is not None else None
    return Waiting(tid, service, POLICY.call_time(kind, T0 + timedelta(minutes=issued_min), slot))


def test_booked_before_priority_before_walk_in_when_they_arrive_together() -> None:
    queue = [
        w(1, TicketKind.WALK_IN, 0),
        w(2, TicketKind.PRIORITY, 1),
        w(3, TicketKind.BOOKED, 2, slot_min=20),
    ]
    order = []
    while queue:
        nxt = choose_next(queue, {"s1"})
        assert nxt is not None
        order.append(nxt.ticket_id)
        queue.remove(nxt)
    assert order == [3, 2, 1]


def test_booked_tickets_go_by_slot_time_not_arrival() -> None:
    queue = [w(1, TicketKind.BOOKED, 0, slot_min=30), w(2, TicketKind.BOOKED, 5, slot_min=10)]
    assert choose_next(queue, {"s1"}) == queue[1]


def test_walk_in_who_waited_long_is_not_overtaken_by_newcomers() -> None:
    old = w(1, TicketKind.WALK_IN, 0)
    newcomer_booked = w(2, TicketKind.BOOKED, 70, slot_min=75)  # call time 9:15
    newcomer_priority = w(3, TicketKind.PRIORITY, 40)  # call time 9:10
    assert choose_next([old, newcomer_booked, newcomer_priority], {"s1"}) == old


def test_counter_only_calls_its_services() -> None:
    queue = [w(1, TicketKind.BOOKED, 0, 5, service="s2"), w(2, TicketKind.WALK_IN, 30)]
    assert choose_next(queue, {"s1"}) == queue[1]
    assert choose_next(queue, {"s3"}) is None


def test_ties_go_to_the_ticket_issued_first() -> None:
    a, b = Waiting(7, "s1", T0), Waiting(3, "s1", T0)
    assert choose_next([a, b], {"s1"}) == b


def test_position_counts_only_the_same_service_ahead() -> None:
    queue = [
        w(1, TicketKind.WALK_IN, 0),
        w(2, TicketKind.WALK_IN, 1, service="s2"),
        w(3, TicketKind.WALK_IN, 2),
        w(4, TicketKind.BOOKED, 3, slot_min=10),
    ]
    assert position_in_queue(queue, 3) == 2  # ticket 1 and the booked ticket 4
    assert position_in_queue(queue, 4) == 0


arrivals = st.lists(
    st.tuples(
        st.sampled_from(list(TicketKind)),
        st.integers(0, 600),  # minute of the day issued
        st.integers(-0, 30),  # booked: slot minutes after check-in (window 30 before)
        st.sampled_from(["s1", "s2"]),
    ),
    min_size=1,
    max_size=60,
)


@settings(max_examples=150, deadline=None)
@given(arrivals, st.integers(1, 15))
def test_simulated_day_keeps_everyone_in_order(items: list, service_minutes: int) -> None:
    """Simulate one counter serving s1 and s2 all day. Invariants:
    - nobody is overtaken by a ticket issued more than the largest head start
      after them (so nobody waits forever);
    - among booked tickets waiting together, slot order is kept.
    """
    tickets = []
    for tid, (kind, issued, slot_after, service) in enumerate(sorted(items, key=lambda x: x[1])):
        issued_at = T0 + timedelta(minutes=issued)
        slot = issued_at + timedelta(minutes=slot_after) if kind is TicketKind.BOOKED else None
        tickets.append(
            (
                tid,
                kind,
                issued_at,
                slot,
                Waiting(tid, service, POLICY.call_time(kind, issued_at, slot)),
            )
        )
    by_id = {t[0]: t for t in tickets}
    now, pending, waiting, served = T0, list(tickets), [], []
    while pending or waiting:
        while pending and pending[0][2] <= now:
            waiting.append(pending.pop(0)[4])
        if not waiting:
            now = pending[0][2]
            continue
        nxt = choose_next(waiting, {"s1", "s2"})
        assert nxt is not None
        for other in waiting:
            if other is nxt:
                continue
            me, them = by_id[nxt.ticket_id], by_id[other.ticket_id]
            assert me[2] <= them[2] + POLICY.max_credit, "overtook someone who waited too long"
            if me[1] is TicketKind.BOOKED and them[1] is TicketKind.BOOKED:
                assert me[3] <= them[3], "booked tickets out of slot order"
        waiting.remove(nxt)
        served.append(nxt.ticket_id)
        now += timedelta(minutes=service_minutes)
    assert sorted(served) == sorted(by_id)
