from __future__ import annotations

from datetime import datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk_app.domain.dispatch import (
    DispatchPolicy,
    Staffing,
    Waiting,
    choose_next,
    people_ahead,
    people_ahead_all,
    people_ahead_of_newcomer,
)
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


def staffing(open_: set[int], **serves: set[str]) -> Staffing:
    """Counters named c1, c2…: Staffing({1: {...}, 2: {...}}, open)."""
    return Staffing({int(k[1:]): frozenset(v) for k, v in serves.items()}, frozenset(open_))


def ahead(queue: list[Waiting], tid: int, crew: Staffing) -> int:
    return people_ahead(next(w for w in queue if w.ticket_id == tid), queue, crew)


def test_people_ahead_of_a_counter_that_serves_one_service() -> None:
    queue = [
        w(1, TicketKind.WALK_IN, 0),
        w(2, TicketKind.WALK_IN, 1, service="s2"),
        w(3, TicketKind.WALK_IN, 2),
        w(4, TicketKind.BOOKED, 3, slot_min=10),
    ]
    crew = staffing({1, 2}, c1={"s1"}, c2={"s2"})
    assert ahead(queue, 3, crew) == 2  # ticket 1 and the booked ticket 4
    assert ahead(queue, 4, crew) == 0


def test_a_ticket_of_another_service_at_the_same_counter_is_ahead() -> None:
    """A001 (passport) and then H001 (water) at a counter serving both: the
    counter calls A001 first, so H001 has one person ahead, not nobody."""
    a001 = w(1, TicketKind.WALK_IN, 0, service="passport")
    h001 = w(2, TicketKind.WALK_IN, 1, service="water")
    crew = staffing({1}, c1={"passport", "water"})
    assert people_ahead(h001, [a001, h001], crew) == 1
    assert people_ahead(a001, [a001, h001], crew) == 0
    assert choose_next([a001, h001], {"passport", "water"}) == a001  # the dispatch agrees


def test_only_open_counters_count_and_all_of_them_when_none_is_open() -> None:
    queue = [w(1, TicketKind.WALK_IN, 0, service="s2"), w(2, TicketKind.WALK_IN, 1)]
    # counter 1 serves s1 and s2, counter 2 only s1
    assert ahead(queue, 2, staffing({1, 2}, c1={"s1", "s2"}, c2={"s1"})) == 1
    assert ahead(queue, 2, staffing({2}, c1={"s1", "s2"}, c2={"s1"})) == 0  # 1 is paused
    # before opening (or all paused) every counter serving s1 is assumed back
    assert ahead(queue, 2, staffing(set(), c1={"s1", "s2"}, c2={"s1"})) == 1
    assert staffing({2}, c1={"s1", "s2"}, c2={"s1"}).callers("s1") == {2}
    assert staffing(set(), c1={"s1", "s2"}, c2={"s1"}).callers("s1") == {1, 2}


def test_a_ticket_sent_to_one_counter_is_ahead_only_there() -> None:
    sent = Waiting(1, "s2", T0, counter=2)
    mine = Waiting(2, "s1", T0 + timedelta(minutes=1))
    other = Waiting(3, "s1", T0 + timedelta(minutes=2), counter=1)
    crew = staffing({1, 2}, c1={"s1"}, c2={"s1"})
    assert people_ahead(mine, [sent, mine], crew) == 1  # counter 2 calls it first
    assert people_ahead(mine, [sent, mine], staffing({1}, c1={"s1"}, c2={"s1"})) == 0
    # a ticket sent to counter 1 waits for counter 1 only, whatever its service
    assert people_ahead(other, [sent, mine, other], crew) == 1


def test_a_newcomer_is_behind_everyone_due_within_reach() -> None:
    crew = staffing({1, 3}, c1={"s1", "s2"}, c2={"s1"}, c3={"s3"})
    due = {("s1", None): 3, ("s2", None): 2, ("s3", None): 4, ("s3", 1): 1}
    assert people_ahead_of_newcomer("s1", due, crew) == 3 + 2 + 1
    assert people_ahead_of_newcomer("s3", due, crew) == 4


waiting_mix = st.lists(
    st.tuples(
        st.integers(0, 120),  # call time, minutes after 9:00
        st.sampled_from(["s1", "s2", "s3"]),
        st.sampled_from([None, None, None, 1, 2, 3]),  # sent to a counter
    ),
    max_size=40,
)


@settings(max_examples=150, deadline=None)
@given(waiting_mix, st.sets(st.integers(1, 3)))
def test_everyone_ahead_at_once_is_each_one_ahead(items: list, open_: set[int]) -> None:
    crew = staffing(open_, c1={"s1", "s2"}, c2={"s2"}, c3={"s3"})
    queue = [
        Waiting(i, service, T0 + timedelta(minutes=minute), counter)
        for i, (minute, service, counter) in enumerate(items)
    ]
    assert people_ahead_all(queue, crew) == {
        t.ticket_id: people_ahead(t, queue, crew) for t in queue
    }


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
