"""An imtiyaz ticket given at a counter comes out of the workstation's printer
(the printer emulator on loopback), and the dialog offers the counter's own services first."""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from hardware.emulator import Fault, PrinterEmulator
from kiosk_app.composition.centre import CentreContext
from kiosk_app.composition.staff import StaffScreens
from kiosk_app.domain.staff import Role
from kiosk_app.presenters.kiosk.runner import InlineRunner, Runner, ThreadRunner
from kiosk_app.services.staff.types import StaffSession
from kiosk_app.settings import Settings
from kiosk_app.store import make_engine
from server_sync.kernel.clock import FixedClock
from server_sync.kernel.i18n import Translator
from tests.factories import catalogue

OPERATOR = StaffSession("aysel", "Aysel", Role.OPERATOR)


Make = Callable[..., StaffScreens]


@pytest.fixture
def screens_for(store_url: str, clock: FixedClock) -> Iterator[Make]:
    engines = []

    def make(printer_url: str, counter: int, runner: Runner | None = None) -> StaffScreens:
        runner = runner or InlineRunner()
        settings = Settings().with_overrides(
            {"db.url": store_url, "printer.url": printer_url, "printer.print_timeout_s": 5}
        )
        engines.append(make_engine(store_url))
        ctx = CentreContext(settings, engines[-1], clock, catalogue())
        return StaffScreens(ctx, counter, Translator("az"), runner=runner)

    yield make
    for engine in engines:
        engine.dispose()


def test_a_priority_ticket_is_printed_at_the_counter(screens_for: Make, tmp_path: Path) -> None:
    with PrinterEmulator(tmp_path / "tickets") as emulator:
        counter = screens_for(emulator.url, 1).counter(OPERATOR)
        msg = counter.issue_priority("passport", "elderly")
        assert not msg.error, msg.text
        jobs = emulator.wait_for_jobs(1, timeout=10)
        assert len(jobs) == 1
        assert jobs[0].cut
        assert jobs[0].png_path.exists()
        number = msg.text.split()[2]  # "İmtiyazlı bilet A001 verildi"
        assert number[0].isalpha()
        assert number[1:].isdigit()


def test_a_priority_ticket_the_printer_could_not_print_says_so(
    screens_for: Make, tmp_path: Path
) -> None:
    with PrinterEmulator(tmp_path / "tickets", fault=Fault.PAPER_OUT) as emulator:
        counter = screens_for(emulator.url, 1).counter(OPERATOR)
        msg = counter.issue_priority("passport", "disabled")
    assert msg.error
    assert "çap olunmadı" in msg.text


def test_a_slow_printer_never_holds_the_console(screens_for: Make, tmp_path: Path) -> None:
    """The ticket is in line and on the screen at once; the printer lane prints it
    later, and only a failed print changes the message (posted back to the UI)."""
    posted: queue.SimpleQueue[Callable[[], None]] = queue.SimpleQueue()
    runner = ThreadRunner(posted.put, lanes=("printer",), name="test")
    gate = threading.Event()
    runner.run("printer", gate.wait, lambda _: None)  # a printer still busy with a ticket
    try:
        with PrinterEmulator(tmp_path / "tickets", fault=Fault.PAPER_OUT) as emulator:
            counter = screens_for(emulator.url, 1, runner).counter(OPERATOR)
            msg = counter.issue_priority("passport", "elderly")
            assert not msg.error  # the console answered without waiting for the printer
            number = msg.text.split()[2]
            assert counter.desk.snapshot().waiting["passport"] == 1  # in line
            assert emulator.jobs == []
            gate.set()
            posted.get(timeout=10)()  # the busy job's answer
            posted.get(timeout=30)()  # the imtiyaz ticket's: paper out
        assert counter.view.message is not None
        assert counter.view.message.error
        assert number in counter.view.message.text
        assert "çap olunmadı" in counter.view.message.text
    finally:
        gate.set()
        runner.stop()


def test_the_dialog_offers_the_counters_own_service_first(
    screens_for: Make, tmp_path: Path
) -> None:
    with PrinterEmulator(tmp_path / "tickets") as emulator:
        water = screens_for(emulator.url, 3).counter(OPERATOR)
        passport = screens_for(emulator.url, 2).counter(OPERATOR)
        assert water.priority_services()[0][0] == "water"
        assert passport.priority_services()[0][0] == "passport"
        everything = set(catalogue().centres["baku-1"].service_ids)
        assert {s for s, _ in water.priority_services()} == everything
