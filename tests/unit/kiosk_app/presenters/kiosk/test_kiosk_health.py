"""When the kiosk tells the watchdog it is healthy: only while its store checks come back
and pass. A desk lane stuck in a call that never returns makes it unhealthy."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from kiosk_app.presenters.kiosk.health import STORE_ANSWER_MAX_AGE_S, healthy
from kiosk_app.presenters.kiosk.presenter import KioskPresenter
from kiosk_app.presenters.kiosk.runner import InlineRunner
from tests.unit.kiosk_app.presenters.kiosk.kiosk_fakes import FakeBackend, ManualTime


class StuckRunner:
    """A runner whose desk lane never finishes (a store call hung forever)."""

    def __init__(self) -> None:
        self.inline = InlineRunner()
        self.stuck: list[Callable[[], Any]] = []

    def run(self, lane: str, job: Callable[[], Any], done: Any, failed: Any = None) -> None:
        if lane == "desk":
            self.stuck.append(job)
        else:
            self.inline.run("printer", job, done, failed)


def test_healthy_while_store_checks_pass_unhealthy_when_they_fail() -> None:
    backend, clock = FakeBackend(), ManualTime()
    kiosk = KioskPresenter(backend, InlineRunner(), monotonic=clock)
    assert healthy(kiosk)  # the store was opened at start
    for _ in range(10):
        clock.advance(61)
        kiosk.tick()
        assert healthy(kiosk)
    backend.store_down = True
    for _ in range(40):  # checks every 5 s while in trouble, all failing
        clock.advance(5)
        kiosk.tick()
    assert not healthy(kiosk)
    backend.store_down = False
    clock.advance(5)
    kiosk.tick()
    assert healthy(kiosk)


def test_a_hung_desk_lane_makes_the_kiosk_unhealthy() -> None:
    runner, clock = StuckRunner(), ManualTime()
    kiosk = KioskPresenter(FakeBackend(), runner, monotonic=clock)  # type: ignore[arg-type]
    elapsed = 0.0
    while elapsed <= STORE_ANSWER_MAX_AGE_S:
        clock.advance(1)
        elapsed += 1
        kiosk.tick()
    assert len(runner.stuck) == 1  # one store check went out and never came back
    assert not healthy(kiosk)
