"""Byte links to a printer, each with deadlines we choose (never a library's 60 s).

A transport writes and reads raw bytes; the printer adapter speaks ESC/POS over
it. `LinkError` means the link is down (cannot open, closed, unplugged) and
`LinkTimeout` that it did not move the bytes in time.
"""

from __future__ import annotations

import contextlib
import socket
import time
from typing import Protocol

import serial


class LinkError(Exception):
    """The link to the printer is down."""


class LinkTimeout(LinkError):
    """The link did not take the bytes before the deadline."""


def time_left(deadline: float) -> float:
    return max(0.0, deadline - time.monotonic())


class Transport(Protocol):
    name: str
    keep_open: bool  # False: connect per job (network printers serve one client at a time)

    @property
    def can_read(self) -> bool: ...

    @property
    def bytes_per_s(self) -> float | None:
        """The link's speed when it is known to be slow (serial); None otherwise."""

    @property
    def is_open(self) -> bool: ...

    def open(self, timeout: float) -> None: ...
    def write(self, data: bytes, deadline: float) -> None: ...
    def read(self, count: int, deadline: float) -> bytes: ...
    def discard_input(self) -> None: ...
    def close(self) -> None: ...


class NetworkTransport:
    """Raw TCP (port 9100), one connection per job."""

    keep_open = False
    can_read = True
    bytes_per_s = None

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.name = f"network://{host}:{port}"
        self._sock: socket.socket | None = None

    @property
    def is_open(self) -> bool:
        return self._sock is not None

    def open(self, timeout: float) -> None:
        try:
            self._sock = socket.create_connection((self.host, self.port), timeout=timeout)
        except TimeoutError:
            raise LinkError(
                f"no answer from {self.host}:{self.port} within {timeout:g} s"
            ) from None
        except OSError as exc:
            raise LinkError(
                f"cannot connect to {self.host}:{self.port}: {exc.strerror or exc}"
            ) from None
        self._sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def write(self, data: bytes, deadline: float) -> None:
        sock = self._require()
        sock.settimeout(max(time_left(deadline), 0.001))
        try:
            sock.sendall(data)
        except TimeoutError:
            raise LinkTimeout("the printer did not take the data in time") from None
        except OSError as exc:
            raise LinkError(f"connection lost: {exc.strerror or exc}") from None

    def read(self, count: int, deadline: float) -> bytes:
        sock = self._require()
        got = b""
        while len(got) < count:
            left = time_left(deadline)
            if left <= 0:
                break
            sock.settimeout(left)
            try:
                chunk = sock.recv(count - len(got))
            except TimeoutError:
                break
            except OSError as exc:
                raise LinkError(f"connection lost: {exc.strerror or exc}") from None
            if not chunk:
                raise LinkError("the printer closed the connection")
            got += chunk
        return got

    def discard_input(self) -> None:
        sock = self._require()
        sock.setblocking(False)
        try:
            while True:
                if not sock.recv(4096):
                    raise LinkError("the printer closed the connection")
        except BlockingIOError:
            pass
        except OSError as exc:
            raise LinkError(f"connection lost: {exc.strerror or exc}") from None
        finally:
            sock.setblocking(True)

    def close(self) -> None:
        if self._sock is not None:
            self._sock.close()
            self._sock = None

    def _require(self) -> socket.socket:
        if self._sock is None:
            raise LinkError("not connected")
        return self._sock


class SerialTransport:
    """A pyserial port or URL (loop://, socket://, /dev/ttyUSB0 ...)."""

    keep_open = True
    can_read = True

    def __init__(
        self,
        device: str,
        baudrate: int,
        *,
        rtscts: bool = False,
        dsrdtr: bool = False,
        xonxoff: bool = False,
    ) -> None:
        self.device, self.baudrate = device, baudrate
        self.rtscts, self.dsrdtr, self.xonxoff = rtscts, dsrdtr, xonxoff
        self.name = f"serial://{device}?baudrate={baudrate}"
        self.port: serial.Serial | None = None

    @property
    def bytes_per_s(self) -> float:
        return self.baudrate / 10  # 8N1: ten bits a byte

    @property
    def is_open(self) -> bool:
        return self.port is not None

    def open(self, timeout: float) -> None:
        try:
            self.port = serial.serial_for_url(
                self.device,
                baudrate=self.baudrate,
                timeout=timeout,
                write_timeout=timeout,
                rtscts=self.rtscts,
                dsrdtr=self.dsrdtr,
                xonxoff=self.xonxoff,
            )
        except (serial.SerialException, ValueError, OSError) as exc:
            raise LinkError(f"cannot open serial port {self.device}: {exc}") from None

    def write(self, data: bytes, deadline: float) -> None:
        port = self._require()
        port.write_timeout = max(time_left(deadline), 0.001)
        try:
            port.write(data)
        except serial.SerialTimeoutException:
            raise LinkTimeout("the serial printer did not take the data in time") from None
        except (serial.SerialException, OSError) as exc:
            raise LinkError(f"serial port failed: {exc}") from None

    def read(self, count: int, deadline: float) -> bytes:
        port = self._require()
        port.timeout = time_left(deadline)
        try:
            return bytes(port.read(count))
        except (serial.SerialException, OSError) as exc:
            raise LinkError(f"serial port failed: {exc}") from None

    def discard_input(self) -> None:
        try:
            self._require().reset_input_buffer()
        except (serial.SerialException, OSError) as exc:
            raise LinkError(f"serial port failed: {exc}") from None

    def close(self) -> None:
        if self.port is not None:
            with contextlib.suppress(serial.SerialException, OSError):
                self.port.close()
            self.port = None

    def _require(self) -> serial.Serial:
        if self.port is None:
            raise LinkError("serial port not open")
        return self.port
