"""The kiosk's backend on a real store and a real printer emulator: online lookup
fallback, printer faults told to staff, no second ticket on a reprint, and a
store that goes away and comes back."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select

from hardware.config import PrinterSettings
from hardware.emulator import Fault, PrinterEmulator
from hardware.printing import FakeTicketPrinter, open_printer
from kiosk_app.composition.centre import CentreContext
from kiosk_app.composition.kiosk import build_backend
from kiosk_app.domain.checkin import UnknownCode
from kiosk_app.services.kiosk.backend import KioskBackend
from kiosk_app.services.kiosk.ports import FakeOnlineLookup
from kiosk_app.services.kiosk.types import Issued, PrinterState, StoreUnavailable
from kiosk_app.settings import Settings
from kiosk_app.store import tables
from server_sync.kernel.clock import FixedClock
from server_sync.kernel.i18n import Translator
from tests.factories import booking
from tests.integration.kiosk.conftest import add_bookings, always_open


def backend_for(url: str, engine: Engine, clock: FixedClock, **kw: object) -> KioskBackend:
    settings = Settings().with_overrides({"db.url": url, "centre.device_id": "kiosk-7"})
    ctx = CentreContext(settings, engine, clock, always_open())
    return build_backend(ctx, **kw)  # type: ignore[arg-type]


def count(engine: Engine, table: type) -> int:
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(table)).scalar_one())


def test_unknown_code_is_fetched_online_stored_and_checked_in(
    kiosk_store: str, kiosk_engine: Engine, clock: FixedClock
) -> None:
    remote = booking()
    lookup = FakeOnlineLookup([remote])
    backend = backend_for(
        kiosk_store, kiosk_engine, clock, printer=FakeTicketPrinter(), lookup=lookup
    )
    outcome = backend.check_in(remote.order_code, "r1", "az")
    assert isinstance(outcome, Issued)
    assert outcome.ticket.booking_code == remote.order_code
    assert lookup.asked == [remote.order_code]
    assert backend.link_reachable is True
    # now it is in the store: a second kiosk answers "already used" without asking
    again = backend.check_in(remote.order_code, "r2", "az")
    assert type(again).__name__ == "AlreadyUsed"
    assert lookup.asked == [remote.order_code]


def test_when_central_is_down_the_stores_answer_stands(
    kiosk_store: str, kiosk_engine: Engine, clock: FixedClock
) -> None:
    lookup = FakeOnlineLookup([booking()], down=True)
    backend = backend_for(
        kiosk_store, kiosk_engine, clock, printer=FakeTicketPrinter(), lookup=lookup
    )
    code = next(iter(lookup.bookings))
    assert isinstance(backend.check_in(code, "r1", "az"), UnknownCode)
    assert backend.link_reachable is False


def test_known_codes_never_ask_central(
    kiosk_store: str, kiosk_engine: Engine, clock: FixedClock
) -> None:
    local = booking()
    add_bookings(kiosk_engine, local, now=clock.now())
    lookup = FakeOnlineLookup(down=True)
    backend = backend_for(
        kiosk_store, kiosk_engine, clock, printer=FakeTicketPrinter(), lookup=lookup
    )
    assert isinstance(backend.check_in(local.order_code, "r1", "az"), Issued)
    assert lookup.asked == []


def test_paper_out_is_told_to_staff_and_reprint_never_makes_a_second_ticket(
    kiosk_store: str, kiosk_engine: Engine, clock: FixedClock, tmp_path: Path
) -> None:
    with PrinterEmulator(tmp_path / "tickets", fault=Fault.PAPER_OUT) as emulator:
        printer = open_printer(PrinterSettings(url=emulator.url, print_timeout_s=5))
        backend = backend_for(kiosk_store, kiosk_engine, clock, printer=printer)
        issued = backend.issue_walk_in("passport", "visit-1", "az")
        assert isinstance(issued, Issued)
        outcome = backend.print_ticket(issued, "az")
        assert not outcome.printed
        assert outcome.state is PrinterState.PAPER_OUT
        with kiosk_engine.connect() as conn:
            device = conn.execute(select(tables.devices)).one()
            events = (
                conn.execute(
                    select(tables.outbox.c.payload).where(tables.outbox.c.kind == "printer_status")
                )
                .scalars()
                .all()
            )
        assert device.device_id == "kiosk-7"
        assert (device.paper, device.printer_state) == ("out", "offline")
        assert device.alert == "Printer out of paper: load a new roll"
        assert events == [
            {
                "device_id": "kiosk-7",
                "printer_state": "offline",
                "paper": "out",
                "cover_open": False,
                "at": clock.now().isoformat(),
            }
        ]
        assert not backend.print_ticket(issued, "az").printed  # same fault: no new event
        # the same visitor's request again gives the same ticket
        again = backend.issue_walk_in("passport", "visit-1", "az")
        assert isinstance(again, Issued)
        assert again.repeated
        assert again.ticket.id == issued.ticket.id
        emulator.fault = Fault.NONE
        assert backend.print_ticket(again, "az").printed
        assert len(emulator.wait_for_jobs(1, timeout=10)) == 1
        assert count(kiosk_engine, tables.tickets) == 1
        with kiosk_engine.connect() as conn:
            kinds = (
                conn.execute(select(tables.outbox.c.kind).order_by(tables.outbox.c.id))
                .scalars()
                .all()
            )
            device = conn.execute(select(tables.devices)).one()
            printed_at = conn.execute(select(tables.tickets.c.printed_at)).scalar_one()
        assert kinds == ["ticket_issued", "printer_status", "printer_status"]
        assert (device.paper, device.alert) == ("ok", None)
        assert printed_at is not None


def test_menu_lists_open_walk_in_services_with_waiting_counts(
    kiosk_store: str, kiosk_engine: Engine, clock: FixedClock
) -> None:
    backend = backend_for(kiosk_store, kiosk_engine, clock, printer=FakeTicketPrinter())
    for i in range(3):
        backend.issue_walk_in("passport", f"r{i}", "az")
    menu = backend.menu()
    assert not isinstance(menu, StoreUnavailable)
    entries = {e.service_id: e for e in menu.all_services()}
    assert set(entries) == {"passport", "water"}  # residence takes no walk-ins
    assert entries["passport"].waiting == 3
    assert entries["passport"].wait_minutes == 15  # 3 × 10 min over 2 counters
    assert [e.service_id for e in menu.search("pasp", "az")] == ["passport"]


def test_store_going_away_and_coming_back(
    kiosk_store: str, kiosk_engine: Engine, clock: FixedClock, tmp_path: Path
) -> None:
    backend = backend_for(kiosk_store, kiosk_engine, clock, printer=FakeTicketPrinter())
    assert isinstance(backend.issue_walk_in("water", "a", "az"), Issued)
    db = tmp_path / "centre.db"
    kiosk_engine.dispose()
    os.rename(db, tmp_path / "away.db")
    db.write_bytes(b"this is not a database" * 100)
    try:
        down = backend.issue_walk_in("water", "b", "az")
        assert isinstance(down, StoreUnavailable)
        assert not backend.store_ok
        assert isinstance(backend.menu(), StoreUnavailable)
        assert not backend.check_store()
    finally:
        os.replace(tmp_path / "away.db", db)
    assert backend.check_store()
    issued = backend.issue_walk_in("water", "b", "az")
    assert isinstance(issued, Issued)
    assert issued.ticket.display == "H002"
    assert backend.store_ok


@pytest.mark.parametrize("language", ["az", "ru", "en"])
def test_slip_is_in_the_visitors_language_with_its_status_url(
    kiosk_store: str, kiosk_engine: Engine, clock: FixedClock, language: str
) -> None:
    backend = backend_for(kiosk_store, kiosk_engine, clock, printer=FakeTicketPrinter())
    add_bookings(kiosk_engine, b := booking(), now=clock.now())
    issued = backend.check_in(b.order_code, "x", language)
    assert isinstance(issued, Issued)
    slip = backend.printing.slip_for(issued, language)
    tr = Translator(language)
    assert slip.words.your_number == tr("common.your_number")  # the slip is in `language`
    assert slip.service_name == always_open().services["passport"].name(language)
    # the status page opens in the visitor's language, whatever the phone's
    assert slip.status_url == f"http://127.0.0.1:8080/t/baku-1/2026-11-23/A001?lang={language}"
    assert slip.booked
    assert slip.words.slot == tr("ticket.slot", slot="10:15")
    assert slip.words.issued.endswith("10:00")
