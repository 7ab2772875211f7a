"""A USB printer that is not plugged in is offline, said at once and in words."""

from __future__ import annotations

import time

import pytest

from hardware.config import PrinterSettings
from hardware.printing import Online, PrinterOffline, layout_ticket, open_printer
from kiosk_app.services.kiosk.ticket_words import sample_slip


def test_an_absent_usb_printer_is_offline(issued_at):
    printer = open_printer(PrinterSettings(url="usb://04b8:0e28", status_timeout_s=0.5))
    started = time.monotonic()
    status = printer.status()
    assert status.online is Online.OFFLINE
    assert "04b8:0e28" in status.detail or "libusb" in status.detail or "pyusb" in status.detail
    with pytest.raises(PrinterOffline):
        printer.print_job(layout_ticket(sample_slip("az", issued_at), 80))
    assert time.monotonic() - started < 2.0
