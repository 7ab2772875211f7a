"""The printer emulator keeps every ticket it ever saved: a restart (or a second
emulator on the same folder) goes on numbering after the PNGs already there."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from hardware.config import PrinterSettings
from hardware.emulator import PrinterEmulator
from hardware.printing import layout_ticket, open_printer
from kiosk_app.services.kiosk.ticket_words import sample_slip
from server_sync.kernel.clock import BAKU

ISSUED = datetime(2026, 11, 23, 10, 0, tzinfo=BAKU)


def _print_one(emulator: PrinterEmulator) -> Path:
    printer = open_printer(PrinterSettings(url=emulator.url))
    try:
        printer.print_job(layout_ticket(sample_slip("az", ISSUED), 80))
        (job,) = emulator.wait_for_jobs(1, timeout=10)
    finally:
        printer.close()
    return job.png_path


def test_a_restarted_emulator_never_overwrites_earlier_tickets(tmp_path: Path) -> None:
    out = tmp_path / "tickets"
    with PrinterEmulator(out) as first:
        earlier = _print_one(first)
    kept = earlier.read_bytes()
    (out / "ticket-0007.png").write_bytes(b"a ticket from an older run")  # a gap, and a later one
    with PrinterEmulator(out) as second:
        later = _print_one(second)
    assert earlier.read_bytes() == kept
    assert (out / "ticket-0007.png").read_bytes() == b"a ticket from an older run"
    assert later.name == "ticket-0008.png"
    assert later.with_suffix(".bin").exists()
    assert sorted(p.name for p in out.glob("*.png")) == [
        "ticket-0001.png",
        "ticket-0007.png",
        "ticket-0008.png",
    ]
