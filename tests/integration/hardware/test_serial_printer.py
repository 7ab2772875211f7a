"""Serial and device-file printers on a real pty, with a printer on the other end."""

from __future__ import annotations

import os
import select
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest

from hardware.config import PrinterSettings
from hardware.emulator import EscPosParser, Fault, status_answer
from hardware.printing import (
    Online,
    Paper,
    PrinterTimeout,
    job_to_bytes,
    layout_ticket,
    open_printer,
)
from hardware.printing._escpos import Dummy
from kiosk_app.services.kiosk.ticket_words import sample_slip


@dataclass
class PtyPrinter:
    """A printer on the master side of a pty: answers DLE EOT, keeps the print bytes."""

    master: int
    path: str
    fault: Fault = Fault.NONE
    received: bytearray = field(default_factory=bytearray)
    stop: threading.Event = field(default_factory=threading.Event)

    def serve(self) -> None:
        parser = EscPosParser()
        while not self.stop.is_set():
            if not select.select([self.master], [], [], 0.05)[0]:
                continue
            try:
                chunk = os.read(self.master, 65536)
            except OSError:
                return
            for command in parser.feed(chunk):
                if command.kind == "status":
                    if self.fault is not Fault.SILENT:
                        os.write(self.master, status_answer(command.args[0], self.fault))
                else:
                    self.received += command.raw


@pytest.fixture
def pty_printer() -> Iterator[PtyPrinter]:
    master, slave = os.openpty()
    printer = PtyPrinter(master, os.ttyname(slave))
    thread = threading.Thread(target=printer.serve, daemon=True)
    thread.start()
    yield printer
    printer.stop.set()
    thread.join()
    os.close(slave)
    os.close(master)


@pytest.fixture
def job(issued_at):
    return layout_ticket(sample_slip("en", issued_at), 80)


@pytest.mark.parametrize("scheme", ["serial", "file"])
def test_a_ticket_over_a_serial_line_or_device_file(pty_printer, job, scheme):
    url = (
        f"serial://{pty_printer.path}?baudrate=115200"
        if scheme == "serial"
        else (f"file://{pty_printer.path}")
    )
    printer = open_printer(PrinterSettings(url=url, status_timeout_s=0.5))
    printer.print_job(job)
    assert bytes(pty_printer.received) == job_to_bytes(job, "TM-T88V")
    assert printer.status().ready
    printer.close()


def test_paper_near_end_is_read_over_serial(pty_printer):
    pty_printer.fault = Fault.PAPER_NEAR_END
    printer = open_printer(PrinterSettings(url=f"serial://{pty_printer.path}"))
    assert printer.status().paper is Paper.NEAR_END
    printer.close()


def test_a_silent_serial_printer_is_unknown_where_python_escpos_says_paper_ok(pty_printer, job):
    pty_printer.fault = Fault.SILENT
    printer = open_printer(
        PrinterSettings(url=f"serial://{pty_printer.path}", status_timeout_s=0.3)
    )
    started = time.monotonic()
    status = printer.status()
    assert status.online is Online.UNKNOWN
    assert status.paper is Paper.UNKNOWN
    with pytest.raises(PrinterTimeout):
        printer.print_job(job)
    assert time.monotonic() - started < 1.5
    assert pty_printer.received == b""  # nothing sent into the void
    printer.close()

    # What python-escpos 3.1 itself would have said about the same silent printer:
    naive = Dummy()
    naive._read = lambda: b""  # its serial read returns b"" on a timeout
    assert naive.paper_status() == 2  # "paper adequate": the answer we refuse to inherit
