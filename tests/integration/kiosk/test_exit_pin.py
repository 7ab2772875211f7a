"""The kiosk's exit PIN on a real centre store (SQLite and PostgreSQL): the lock is
kept in the store, so a restarted kiosk is still locked; a burst of tries gets at
most five PINs evaluated; the lock doubles after it ends."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import Engine, select

from kiosk_app.services.kiosk.exit_pin import ExitPinGuard
from kiosk_app.services.kiosk.pin import hash_pin
from kiosk_app.services.kiosk.types import PinVerdict
from kiosk_app.store import make_engine, read_tx, tables
from server_sync.kernel.clock import FixedClock
from server_sync.kernel.lockout import LockoutRule

PIN = "2468"
RULE = LockoutRule(5, 1, 60)
PIN_HASH = hash_pin(PIN)


@pytest.fixture
def engine(store_url: str) -> Iterator[Engine]:
    found = make_engine(store_url)
    yield found
    found.dispose()


def guard(engine: Engine, clock: FixedClock) -> ExitPinGuard:
    """A kiosk process's guard: a new one is what a restarted kiosk builds."""
    return ExitPinGuard(engine, clock, PIN_HASH, "kiosk-1", RULE)


def evaluated(engine: Engine) -> int:
    actions = ("exit_pin_failed", "exit_pin_locked", "kiosk_exit")
    with read_tx(engine) as conn:
        rows = conn.execute(
            select(tables.audit_log.c.action).where(tables.audit_log.c.action.in_(actions))
        ).all()
    return len(rows)


def test_a_restart_does_not_clear_the_lock_and_the_lock_doubles(
    engine: Engine, clock: FixedClock
) -> None:
    first = guard(engine, clock)
    for pin in ("1111", "2222", "3333", "4444"):
        assert first.check(pin) == PinVerdict(False)
    assert first.check("5555") == PinVerdict(False, 60)
    restarted = guard(engine, clock)  # the kiosk was killed and started again
    clock.advance(seconds=20)
    assert restarted.check(PIN) == PinVerdict(False, 40)  # the right PIN is not evaluated
    clock.advance(seconds=41)
    assert restarted.check("6666") == PinVerdict(False, 120)  # one more guess, twice as long
    clock.advance(seconds=121)
    assert restarted.check(PIN) == PinVerdict(True)
    assert restarted.check("1111") == PinVerdict(False)  # the count starts afresh


def test_a_burst_of_wrong_pins_and_the_right_one_evaluates_at_most_five(
    engine: Engine, clock: FixedClock
) -> None:
    pins = [f"{1000 + n}" for n in range(20)] + [PIN]
    start = threading.Barrier(len(pins))
    kiosks = [guard(engine, clock) for _ in range(3)]  # three kiosk processes share the count

    def one(n: int) -> PinVerdict:
        start.wait()
        return kiosks[n % 3].check(pins[n])

    with ThreadPoolExecutor(len(pins)) as pool:
        verdicts = list(pool.map(one, range(len(pins))))
    assert evaluated(engine) <= 5
    assert sum(v.locked_for_s > 0 for v in verdicts) >= 15
    assert not any(v.ok for v in verdicts[:-1])
    if not verdicts[-1].ok:
        assert kiosks[0].check(PIN).locked_for_s > 0
