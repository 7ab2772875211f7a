"""Printers reached through the file system (device nodes, spool files) or kept in memory."""

from __future__ import annotations

import os
import select
import stat
import tty

from hardware.printing.transports import LinkError, LinkTimeout, time_left


class FileTransport:
    """A device node (read back when it allows, e.g. /dev/usb/lp0) or a file to append to."""

    keep_open = True
    bytes_per_s = None

    def __init__(self, path: str) -> None:
        self.path = path
        self.name = f"file://{path}"
        self._fd: int | None = None
        self._readable = False

    @property
    def can_read(self) -> bool:
        return self._readable

    @property
    def is_open(self) -> bool:
        return self._fd is not None

    def open(self, timeout: float) -> None:
        try:
            is_device = stat.S_ISCHR(os.stat(self.path).st_mode)
        except FileNotFoundError:
            is_device = False
        try:
            if is_device:
                flags = os.O_RDWR | os.O_NOCTTY | os.O_NONBLOCK
                self._fd = os.open(self.path, flags)
                self._readable = True
                if os.isatty(self._fd):  # a serial line or pty: pass bytes through untouched
                    tty.setraw(self._fd)
            else:
                self._fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
                self._readable = False
        except OSError as exc:
            raise LinkError(f"cannot open {self.path}: {exc.strerror}") from None

    def write(self, data: bytes, deadline: float) -> None:
        fd = self._require()
        view = memoryview(data)
        while view:
            if self._readable:
                _, ready, _ = select.select([], [fd], [], time_left(deadline))
                if not ready:
                    raise LinkTimeout(f"{self.path} did not take the data in time")
            try:
                view = view[os.write(fd, view) :]
            except BlockingIOError:
                continue
            except OSError as exc:
                raise LinkError(f"writing {self.path} failed: {exc.strerror}") from None

    def read(self, count: int, deadline: float) -> bytes:
        fd = self._require()
        got = b""
        while self._readable and len(got) < count:
            ready, _, _ = select.select([fd], [], [], time_left(deadline))
            if not ready:
                break
            try:
                chunk = os.read(fd, count - len(got))
            except BlockingIOError:
                continue
            except OSError as exc:
                raise LinkError(f"reading {self.path} failed: {exc.strerror}") from None
            if not chunk:
                raise LinkError(f"{self.path} was closed")
            got += chunk
        return got

    def discard_input(self) -> None:
        fd = self._require()
        while self._readable and select.select([fd], [], [], 0)[0]:
            try:
                if not os.read(fd, 4096):
                    return
            except (BlockingIOError, OSError):
                return

    def close(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None

    def _require(self) -> int:
        if self._fd is None:
            raise LinkError(f"{self.path} not open")
        return self._fd


class DummyTransport:
    """A printer that keeps every byte in memory (`output`) and has no sensors."""

    name = "dummy://"
    keep_open = True
    can_read = False
    bytes_per_s = None
    is_open = True

    def __init__(self) -> None:
        self._output = bytearray()

    @property
    def output(self) -> bytes:
        return bytes(self._output)

    def open(self, timeout: float) -> None:
        return None

    def write(self, data: bytes, deadline: float) -> None:
        self._output += data

    def read(self, count: int, deadline: float) -> bytes:
        return b""

    def discard_input(self) -> None:
        return None

    def close(self) -> None:
        return None
