"""People ahead come from the real dispatch, and the ticket, the kiosk screen and
the status page say the same number.

Random realistic mixes (walk-ins, bookings, priority tickets, counters opening,
pausing and closing, calls that end served, no-show or transferred to a service
or a counter) against a model: the people ahead of a waiting ticket are the
waiting tickets that the open counters serving its service (all counters
serving it when none is open) would call before it. After every step the
database's count (kiosk, ticket), the queue snapshot pushed to the status page
and the model agree, and the day's running totals equal those rebuilt from the
tickets.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from itertools import count
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from kiosk_app.domain.counter import CounterState
from kiosk_app.domain.day_stats import stats_of
from kiosk_app.domain.dispatch import DispatchPolicy
from kiosk_app.domain.tickets import TicketKind
from kiosk_app.services import queue_estimates
from kiosk_app.services.kiosk.ticket_desk import Issued
from kiosk_app.services.sync_store import CentreSyncStore
from kiosk_app.store import (
    booking_repo,
    dashboard_repo,
    day_stats_repo,
    queue_repo,
    read_tx,
    waiting_repo,
    write_tx,
)
from kiosk_app.store.ticket_repo import get_ticket
from server_sync.kernel.clock import BAKU
from tests.factories import booking, catalogue
from tests.integration.staff.conftest import Centre

SERVES = {1: {"passport", "residence"}, 2: {"passport"}, 3: {"water"}}
POLICY = DispatchPolicy()
DAYS = count()
COMPARED: list[int] = []

step = st.one_of(
    st.tuples(st.just("walk"), st.sampled_from(["passport", "water"])),
    st.tuples(st.just("priority"), st.sampled_from(["passport", "residence", "water"])),
    st.tuples(st.just("booked"), st.integers(0, 30)),
    st.tuples(st.just("wait"), st.integers(1, 10)),
    st.tuples(st.just("counter"), st.sampled_from([1, 2, 3]), st.sampled_from(["pause", "close"])),
    st.tuples(
        st.just("call"),
        st.sampled_from([1, 2, 3]),
        st.sampled_from(["finish", "no_show", "to_water", "to_passport", "to_counter"]),
    ),
)

Model = dict[int, tuple[str, datetime, int | None]]  # id → service, call time, sent to counter


def model_ahead(model: Model, tid: int, states: dict[int, CounterState]) -> int:
    svc, ct, ctr = model[tid]
    if ctr is not None:
        callers = {ctr}
    else:
        serving = {n for n, s in SERVES.items() if svc in s}
        callers = {n for n in serving if states[n] is CounterState.OPEN} or serving
    return sum(
        1
        for other, (s, c, sent) in model.items()
        if (c, other) < (ct, tid)
        and (sent in callers if sent is not None else any(s in SERVES[n] for n in callers))
    )


def check(centre: Centre, model: Model, states: dict[int, CounterState]) -> None:
    now = centre.clock.now()
    cat = catalogue()
    snapshot = CentreSyncStore(centre.engine, "baku-1").queue_snapshot(now.date(), now)
    shown = {t.number: t for t in snapshot.tickets if t.status == "waiting"}
    with read_tx(centre.engine) as conn:
        everyone = queue_estimates.for_waiting(conn, cat, "baku-1", now.date())
        for tid in model:
            ticket = get_ticket(conn, tid)
            assert ticket is not None
            alone = queue_estimates.for_ticket(conn, cat, "baku-1", ticket)
            expected = model_ahead(model, tid, states)
            assert alone == everyone[tid]  # the database's count = the domain's
            assert alone.people_ahead == expected
            assert shown[ticket.display].people_ahead == expected  # the status page
            assert shown[ticket.display].wait_minutes == alone.minutes
            COMPARED.append(tid)
        day = now.date()
        kept = day_stats_repo.day_stats(conn, "baku-1", day)
        rebuilt = stats_of(dashboard_repo.ticket_facts(conn, "baku-1", day, day))
        rings = day_stats_repo.recent_minutes(conn, "baku-1", day)
        for sid in SERVES[1] | SERVES[3]:  # the last services kept = the last ones stored
            indexed = waiting_repo.recent_service_minutes(conn, "baku-1", day, sid)
            assert sorted(rings.get(sid, [])) == pytest.approx(sorted(indexed))
    assert (kept.issued, kept.served, kept.no_show, kept.waits) == (
        rebuilt.issued,
        rebuilt.served,
        rebuilt.no_show,
        rebuilt.waits,
    )
    assert kept.buckets == rebuilt.buckets
    assert {k: n for k, (n, _) in kept.calls.items()} == {
        k: n for k, (n, _) in rebuilt.calls.items()
    }
    assert kept.wait_minutes == pytest.approx(rebuilt.wait_minutes)
    assert kept.service_minutes == pytest.approx(rebuilt.service_minutes)


@pytest.mark.parametrize(
    "empty_store_url",
    ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)],
    indirect=True,
)
@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=st.lists(step, min_size=5, max_size=25))
@example(
    steps=[
        ("walk", "passport"),  # A001
        ("walk", "water"),
        ("priority", "residence"),  # residence is served at counter 1 only, with passports
        ("walk", "passport"),  # behind A001 and the residence ticket at counter 1
        ("counter", 2, "pause"),
        ("call", 1, "to_counter"),
        ("call", 3, "finish"),
        ("wait", 4),
        ("call", 1, "finish"),
    ]
)
def test_people_ahead_follow_the_dispatch_everywhere(
    centre: Centre, steps: list[tuple[Any, ...]]
) -> None:
    day = datetime(2026, 11, 23, 9, 30, tzinfo=BAKU) + timedelta(days=7 * next(DAYS))
    centre.clock.set(day)
    desks = {n: centre.desk(n, f"op{n}") for n in SERVES}
    states = dict.fromkeys(SERVES, CounterState.CLOSED)
    with write_tx(centre.engine) as conn:  # the store outlives an example: a fresh morning
        for n in SERVES:
            queue_repo.set_counter(
                conn, "baku-1", n, state=CounterState.CLOSED, operator=None, ticket_id=None, at=day
            )
    for n in (1, 3):
        desks[n].open()
        states[n] = CounterState.OPEN
    model: Model = {}
    for s in steps:
        now = centre.clock.now()
        if s[0] in ("walk", "priority", "booked"):
            if s[0] == "walk":
                issued: Any = centre.kiosk.issue_walk_in(s[1])
                ct = POLICY.call_time(TicketKind.WALK_IN, now)
                service = s[1]
            elif s[0] == "priority":
                ticket = desks[1].issue_priority(s[1], "elderly").ticket
                issued = ticket
                ct = POLICY.call_time(TicketKind.PRIORITY, now)
                service = s[1]
            else:
                slot = (now + timedelta(minutes=s[1])).replace(second=0, microsecond=0)
                if slot < now:
                    slot += timedelta(minutes=1)
                b = booking(day=slot.date(), at=slot.time())
                with write_tx(centre.engine) as conn:
                    booking_repo.upsert_bookings(conn, [b], now)
                issued = centre.kiosk.check_in(b.order_code)
                ct = POLICY.call_time(TicketKind.BOOKED, now, slot)
                service = "passport"
            tid = issued.ticket.id if isinstance(issued, Issued) else issued.id
            model[tid] = (service, ct, None)
            if isinstance(issued, Issued):  # the kiosk screen and the paper ticket
                assert issued.estimate.people_ahead == model_ahead(model, tid, states)
        elif s[0] == "wait":
            centre.clock.advance(minutes=s[1])
        elif s[0] == "counter":
            _, n, what = s
            if (
                states[n] is CounterState.OPEN
                and (desks[n].pause() if what == "pause" else desks[n].close()).ok
            ):
                states[n] = CounterState.PAUSED if what == "pause" else CounterState.CLOSED
        else:
            _, n, then = s
            if states[n] is not CounterState.OPEN:
                assert desks[n].open().ok or desks[n].resume().ok
                states[n] = CounterState.OPEN
            result = desks[n].call_next()
            if result.ticket is None:
                continue
            svc, ct, _ = model.pop(result.ticket.id)
            d = desks[n]
            if then == "finish":
                d.start()
                d.finish()
            elif then == "no_show":
                d.no_show()
            elif then == "to_counter":
                other = 2 if n != 2 else 1
                if states[other] is CounterState.CLOSED:
                    d.no_show()
                    continue
                assert d.transfer(to_counter=other).ok
                model[result.ticket.id] = (svc, ct, other)
            else:
                target = then.removeprefix("to_")
                if target == svc:
                    d.no_show()
                    continue
                assert d.transfer(to_service=target).ok
                model[result.ticket.id] = (target, ct, None)
        check(centre, model, states)


def test_the_mix_compared_real_queues() -> None:
    if not COMPARED:
        pytest.skip("property test not run in this session")
    assert len(COMPARED) >= 10
