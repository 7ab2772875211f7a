"""Every emulator fault gives its typed error, within the configured timeouts."""

from __future__ import annotations

import logging
import time

import pytest

from hardware.config import PrinterSettings
from hardware.emulator import Fault, PrinterEmulator
from hardware.printing import (
    CoverOpen,
    EscposTicketPrinter,
    Online,
    Paper,
    PaperOut,
    PrinterOffline,
    PrinterTimeout,
    layout_ticket,
    open_printer,
)
from kiosk_app.services.kiosk.ticket_words import sample_slip

STATUS_S, PRINT_S = 0.3, 1.0


@pytest.fixture
def job(issued_at):
    return layout_ticket(sample_slip("az", issued_at), 80)


def _printer(emulator: PrinterEmulator, **overrides: float) -> EscposTicketPrinter:
    timeouts = {"status_timeout_s": STATUS_S, "print_timeout_s": PRINT_S, **overrides}
    return open_printer(PrinterSettings(url=emulator.url, **timeouts))


@pytest.mark.parametrize(
    ("fault", "error", "limit"),
    [
        (Fault.PAPER_OUT, PaperOut, STATUS_S),
        (Fault.COVER_OPEN, CoverOpen, STATUS_S),
        (Fault.OFFLINE, PrinterOffline, STATUS_S),
        (Fault.DROP, PrinterOffline, PRINT_S),
        (Fault.SILENT, PrinterTimeout, STATUS_S),
    ],
)
def test_each_fault_is_a_typed_error_in_time(emulator, job, fault, error, limit):
    emulator.fault = fault
    printer = _printer(emulator)
    started = time.monotonic()
    with pytest.raises(error) as caught:
        printer.print_job(job)
    assert time.monotonic() - started < limit + 0.5
    assert caught.value.code == error.code
    assert emulator.jobs == []  # nothing came out


def test_a_link_too_slow_for_the_budget_times_out(emulator, job):
    emulator.fault, emulator.slow_bytes_per_s = Fault.SLOW, 2000
    printer = _printer(emulator, print_timeout_s=0.5)
    started = time.monotonic()
    with pytest.raises(PrinterTimeout, match="may still print"):
        printer.print_job(job)
    assert time.monotonic() - started < 1.0


def test_a_slow_link_within_the_budget_prints(emulator, job):
    emulator.fault, emulator.slow_bytes_per_s = Fault.SLOW, 200_000
    _printer(emulator, print_timeout_s=5.0).print_job(job)
    assert len(emulator.wait_for_jobs(1, timeout=5)) == 1


def test_paper_near_end_prints_and_warns(emulator, job, caplog):
    emulator.fault = Fault.PAPER_NEAR_END
    printer = _printer(emulator)
    with caplog.at_level(logging.WARNING, logger="asanq.printer"):
        printer.print_job(job)
    assert printer.last_status is not None
    assert printer.last_status.paper is Paper.NEAR_END
    assert "paper near end" in caplog.text
    assert len(emulator.wait_for_jobs(1, timeout=5)) == 1


def test_printing_resumes_when_the_fault_is_cleared(emulator, job):
    printer = _printer(emulator)
    emulator.fault = Fault.PAPER_OUT
    with pytest.raises(PaperOut):
        printer.print_job(job)
    emulator.fault = Fault.NONE
    printer.print_job(job)
    assert len(emulator.wait_for_jobs(1, timeout=5)) == 1


def test_a_silent_printer_is_unknown_never_ok_and_answers_fast(emulator):
    emulator.fault = Fault.SILENT
    started = time.monotonic()
    status = _printer(emulator).status()
    assert time.monotonic() - started < STATUS_S + 0.3
    assert status.online is Online.UNKNOWN
    assert status.paper is Paper.UNKNOWN
    assert not status.ready


def test_status_reports_each_fault(emulator):
    printer = _printer(emulator)
    emulator.fault = Fault.COVER_OPEN
    assert printer.status().cover_open is True
    emulator.fault = Fault.PAPER_OUT
    assert printer.status().paper is Paper.OUT
    emulator.fault = Fault.NONE
    assert printer.status().ready


def test_a_printer_that_is_not_there_is_offline_at_once(emulator, job):
    url = emulator.url
    emulator.stop()
    printer = open_printer(PrinterSettings(url=url, status_timeout_s=STATUS_S))
    started = time.monotonic()
    with pytest.raises(PrinterOffline):
        printer.print_job(job)
    assert printer.status().online is Online.OFFLINE
    assert time.monotonic() - started < 2 * STATUS_S + 0.5
