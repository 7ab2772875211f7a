from __future__ import annotations

import pytest

from hardware.printing import (
    PAPER_58MM,
    FakeTicketPrinter,
    Online,
    PaperOut,
    PrinterStatus,
    PrintJob,
    TicketPrinter,
)


def test_the_fake_records_jobs_and_fails_when_told():
    printer = FakeTicketPrinter()
    assert isinstance(printer, TicketPrinter)
    job = PrintJob(PAPER_58MM, (), title="ticket A001")
    printer.print_job(job)
    printer.fail_with(PaperOut("out of paper"), times=1)
    with pytest.raises(PaperOut):
        printer.print_job(job)
    printer.print_job(job)
    assert printer.titles == ["ticket A001", "ticket A001"]
    printer.set_status(PrinterStatus.offline("unplugged"))
    assert printer.status().online is Online.OFFLINE
