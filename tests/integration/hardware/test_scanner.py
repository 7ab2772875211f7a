"""The serial order-code scanner on a real pty pair and on pyserial's loop://."""

from __future__ import annotations

import os
import queue
from pathlib import Path

import serial

from hardware.scanning import OrderCodeScanner

from .conftest import wait_until


class _Pty:
    """A scanner 'cable': the test writes on the master, the reader opens `link`."""

    def __init__(self, link: Path) -> None:
        self.link = link
        self.plug()

    def plug(self) -> None:
        self.master, self.slave = os.openpty()
        staging = self.link.with_suffix(".new")
        staging.unlink(missing_ok=True)
        staging.symlink_to(os.ttyname(self.slave))
        os.replace(staging, self.link)
        os.close(self.slave)  # only the reader holds the slave side

    def unplug(self) -> None:
        os.close(self.master)

    def send(self, data: bytes) -> None:
        os.write(self.master, data)


def _take(codes: queue.Queue[str], count: int) -> list[str]:
    return [codes.get(timeout=5) for _ in range(count)]


def test_codes_are_read_noise_ignored_and_an_unplug_survived(tmp_path):
    cable = _Pty(tmp_path / "scanner")
    codes: queue.Queue[str] = queue.Queue()
    scanner = OrderCodeScanner(str(cable.link), codes.put, reconnect_max_s=0.2)
    with scanner:
        assert scanner.wait_connected(5)
        cable.send(b"40213377\r\n")
        cable.send(b"55443")  # a code split across reads
        cable.send(b"32211\r")
        cable.send(b"\x00\xff\xfe\x1b[garbage\r\n")  # line noise
        cable.send(b"hello world\n")
        cable.send(b"https://queue.asan.example/o/12345678901\r\n")
        assert _take(codes, 3) == ["40213377", "5544332211", "12345678901"]
        assert wait_until(lambda: scanner.noise_ignored == 2)

        cable.unplug()  # the USB-serial adapter is pulled out
        assert wait_until(lambda: not scanner.connected)
        cable.plug()  # ... and put back (a new device node behind the same name)
        assert wait_until(lambda: scanner.connections == 2)
        assert scanner.wait_connected(5)
        cable.send(b"99887766\r")
        assert _take(codes, 1) == ["99887766"]
    cable.unplug()
    assert scanner.codes_read == 4


def test_a_scanner_without_a_suffix_is_read_after_a_pause(tmp_path):
    cable = _Pty(tmp_path / "scanner")
    codes: queue.Queue[str] = queue.Queue()
    with OrderCodeScanner(str(cable.link), codes.put, idle_flush_s=0.1) as scanner:
        assert scanner.wait_connected(5)
        cable.send(b"40213377")
        assert _take(codes, 1) == ["40213377"]
    cable.unplug()


def test_a_missing_scanner_is_retried_until_it_appears(tmp_path):
    link = tmp_path / "scanner"
    codes: queue.Queue[str] = queue.Queue()
    with OrderCodeScanner(str(link), codes.put, reconnect_max_s=0.1) as scanner:
        assert not scanner.wait_connected(0.2)
        cable = _Pty(link)
        assert scanner.wait_connected(5)
        cable.send(b"12345678\r")
        assert _take(codes, 1) == ["12345678"]
    cable.unplug()


def test_loop_url_and_a_failing_handler_does_not_stop_the_reader():
    port = serial.serial_for_url("loop://", timeout=0.05)
    seen: queue.Queue[str] = queue.Queue()

    def handler(code: str) -> None:
        seen.put(code)
        if code == "11111111":
            raise RuntimeError("the kiosk screen was busy")

    with OrderCodeScanner("loop://", handler, port_factory=lambda: port) as scanner:
        assert scanner.wait_connected(5)
        port.write(b"11111111\r\n")
        port.write(b"\xffnoise\r\n")
        port.write(b"22222222\r\n")
        assert _take(seen, 2) == ["11111111", "22222222"]
        assert wait_until(lambda: scanner.noise_ignored == 1)
