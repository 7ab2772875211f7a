"""Transports without a printer: a plain file and python-escpos's Dummy."""

from __future__ import annotations

import time

from hardware.config import PrinterSettings
from hardware.printing import Online, job_to_bytes, layout_ticket, open_printer
from kiosk_app.services.kiosk.ticket_words import sample_slip


def test_file_printer_appends_each_ticket_and_says_status_unknown(tmp_path, issued_at):
    target = tmp_path / "spool.bin"
    printer = open_printer(PrinterSettings(url=f"file://{target}"))
    job = layout_ticket(sample_slip("en", issued_at), 80)
    printer.print_job(job)
    printer.print_job(job)
    assert target.read_bytes() == job_to_bytes(job, "TM-T88V") * 2
    status = printer.status()
    assert status.online is Online.UNKNOWN
    assert "cannot report status" in status.detail


def test_dummy_printer_keeps_the_bytes(issued_at):
    printer = open_printer(PrinterSettings(url="dummy://", profile="default"))
    job = layout_ticket(sample_slip("az", issued_at), 58)
    started = time.monotonic()
    printer.print_job(job)
    assert time.monotonic() - started < 1
    assert printer.transport.output == job_to_bytes(job)  # type: ignore[attr-defined]
    assert not printer.status().answered
