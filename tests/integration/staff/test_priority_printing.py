"""An imtiyaz ticket given at a counter comes out of the workstation's printer
(the printer emulator on loopback), and the dialog offers the counter's own services first."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from hardware.emulator import Fault, PrinterEmulator
from kiosk_app.composition.centre import CentreContext
from kiosk_app.composition.staff import StaffScreens
from kiosk_app.domain.staff import Role
from kiosk_app.services.staff.types import StaffSession
from kiosk_app.settings import Settings
from kiosk_app.store import make_engine
from server_sync.kernel.clock import FixedClock
from server_sync.kernel.i18n import Translator
from tests.factories import catalogue

OPERATOR = StaffSession("aysel", "Aysel", Role.OPERATOR)


Make = Callable[[str, int], StaffScreens]


@pytest.fixture
def screens_for(store_url: str, clock: FixedClock) -> Iterator[Make]:
    engines = []

    def make(printer_url: str, counter: int) -> StaffScreens:
        settings = Settings().with_overrides(
            {"db.url": store_url, "printer.url": printer_url, "printer.print_timeout_s": 5}
        )
        engines.append(make_engine(store_url))
        ctx = CentreContext(settings, engines[-1], clock, catalogue())
        return StaffScreens(ctx, counter, Translator("az"))

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
