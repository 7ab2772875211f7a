"""One setting chooses the printer: every URL form, and clear errors for bad ones."""

from __future__ import annotations

import pytest

from hardware.config import PrinterSettings
from hardware.printing import PrinterAddress, PrinterUrlError, open_printer, parse_printer_url
from hardware.printing.file_transport import DummyTransport, FileTransport
from hardware.printing.transports import NetworkTransport, SerialTransport
from hardware.printing.usb_transport import UsbTransport


@pytest.mark.parametrize(
    ("url", "address"),
    [
        ("network://127.0.0.1:9100", PrinterAddress("network", host="127.0.0.1", port=9100)),
        ("network://printer.local", PrinterAddress("network", host="printer.local", port=9100)),
        ("network://[::1]:9101", PrinterAddress("network", host="::1", port=9101)),
        (
            "serial:///dev/ttyUSB0?baudrate=115200",
            PrinterAddress("serial", device="/dev/ttyUSB0", baudrate=115200),
        ),
        ("serial://loop://", PrinterAddress("serial", device="loop://")),
        ("loop://?logging=debug", PrinterAddress("serial", device="loop://?logging=debug")),
        (
            "serial:///dev/ttyS0?baudrate=38400&rtscts=1",
            PrinterAddress("serial", device="/dev/ttyS0", baudrate=38400, rtscts=True),
        ),
        ("usb://04b8:0e28", PrinterAddress("usb", vendor_id=0x04B8, product_id=0x0E28)),
        (
            "usb://0416:5011?in_ep=0x81&out_ep=0x03",
            PrinterAddress("usb", vendor_id=0x0416, product_id=0x5011, in_ep=0x81, out_ep=3),
        ),
        ("file:///dev/usb/lp0", PrinterAddress("file", device="/dev/usb/lp0")),
        ("dummy://", PrinterAddress("dummy")),
        ("  DUMMY://  ", PrinterAddress("dummy")),
    ],
)
def test_printer_urls(url, address):
    assert parse_printer_url(url) == address


@pytest.mark.parametrize(
    ("url", "why"),
    [
        ("", "no scheme"),
        ("127.0.0.1:9100", "no scheme"),
        ("ftp://host", "unknown scheme 'ftp'"),
        ("network://", "no host"),
        ("network://host:99999", "port"),
        ("network://host:abc", "port"),
        ("serial://", "no serial port"),
        ("serial:///dev/ttyUSB0?baudrate=fast", "baudrate must be a number"),
        ("serial:///dev/ttyUSB0?speed=9600", "unknown serial option"),
        ("usb://04b8", "VID:PID"),
        ("usb://zz:0e28", "VID:PID"),
        ("file://relative/path", "absolute path"),
        ("dummy://somewhere", "no address"),
    ],
)
def test_garbled_urls_say_what_is_wrong(url, why):
    with pytest.raises(PrinterUrlError, match=why) as caught:
        parse_printer_url(url)
    assert isinstance(caught.value, ValueError)
    assert "network://HOST:9100" in str(caught.value)  # and how to write it


@pytest.mark.parametrize(
    ("url", "transport"),
    [
        ("network://127.0.0.1:9100", NetworkTransport),
        ("serial://loop://", SerialTransport),
        ("usb://04b8:0e28", UsbTransport),
        ("file:///tmp/x.bin", FileTransport),
        ("dummy://", DummyTransport),
    ],
)
def test_open_printer_picks_the_transport_from_the_url_only(url, transport):
    printer = open_printer(PrinterSettings(url=url))
    assert isinstance(printer.transport, transport)


def test_an_unknown_profile_is_refused_at_start():
    with pytest.raises(PrinterUrlError, match="unknown printer profile"):
        open_printer(PrinterSettings(url="dummy://", profile="NoSuchPrinter"))
