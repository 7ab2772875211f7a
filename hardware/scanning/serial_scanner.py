"""A serial (or USB-CDC) barcode/QR scanner read in a background thread.

Whatever the line does, the reader keeps going: bytes split across reads are
joined, lines end at CR/LF (or a pause, for scanners set up without a
suffix), noise is logged and dropped, and an unplugged scanner is reopened
with back-off until it is back. Each order code goes to the `on_code` callback.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from types import TracebackType

import serial

from hardware.config import ScannerSettings
from hardware.scanning.codes import extract_order_code

log = logging.getLogger("asanq.scanner")

MAX_LINE_BYTES = 512  # no scanner sends a longer code; anything longer is noise
_READ_TIMEOUT_S = 0.05
_FIRST_BACKOFF_S = 0.05

PortFactory = Callable[[], serial.SerialBase]


def _masked(code: str) -> str:
    return "*" * (len(code) - 4) + code[-4:]


class OrderCodeScanner:
    """Reads order codes from a pyserial port URL and calls `on_code(code)` for each."""

    def __init__(
        self,
        url: str,
        on_code: Callable[[str], None],
        *,
        baudrate: int = 9600,
        reconnect_max_s: float = 5.0,
        idle_flush_s: float = 0.3,
        port_factory: PortFactory | None = None,
    ) -> None:
        self.url = url
        self.on_code = on_code
        self.reconnect_max_s = reconnect_max_s
        self.idle_flush_s = idle_flush_s
        self._open_port: PortFactory = port_factory or (
            lambda: serial.serial_for_url(url, baudrate=baudrate, timeout=_READ_TIMEOUT_S)
        )
        self._stop = threading.Event()
        self._connected = threading.Event()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self.codes_read = 0
        self.noise_ignored = 0
        self.connections = 0

    @classmethod
    def from_settings(
        cls, settings: ScannerSettings, on_code: Callable[[str], None]
    ) -> OrderCodeScanner | None:
        """The configured serial scanner, or None when only a keyboard wedge is used."""
        if not settings.url:
            return None
        return cls(
            settings.url,
            on_code,
            baudrate=settings.baudrate,
            reconnect_max_s=settings.reconnect_max_s,
        )

    # -- lifecycle -------------------------------------------------------------
    def start(self) -> OrderCodeScanner:
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="order-code-scanner", daemon=True)
        self._thread.start()
        return self

    def stop(self, timeout: float = 2.0) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def __enter__(self) -> OrderCodeScanner:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    @property
    def connected(self) -> bool:
        return self._connected.is_set()

    def wait_connected(self, timeout: float) -> bool:
        return self._connected.wait(timeout)

    # -- the reader thread -----------------------------------------------------
    def _run(self) -> None:
        backoff = _FIRST_BACKOFF_S
        outage_logged = False
        while not self._stop.is_set():
            try:
                port = self._open_port()
            except (serial.SerialException, OSError, ValueError) as exc:
                if not outage_logged:
                    log.warning("scanner %s not available (%s); retrying", self.url, exc)
                    outage_logged = True
                self._stop.wait(backoff)
                backoff = min(backoff * 2, self.reconnect_max_s)
                continue
            backoff, outage_logged = _FIRST_BACKOFF_S, False
            with self._lock:
                self.connections += 1
            log.info("scanner %s connected", self.url)
            self._connected.set()
            try:
                self._read_lines(port)
            except (serial.SerialException, OSError) as exc:
                log.warning("scanner %s lost (%s); reconnecting", self.url, exc)
            finally:
                self._connected.clear()
                try:
                    port.close()
                except (serial.SerialException, OSError):
                    log.debug("closing the lost scanner port failed", exc_info=True)

    def _read_lines(self, port: serial.SerialBase) -> None:
        pending = bytearray()
        last_byte_at = time.monotonic()
        while not self._stop.is_set():
            chunk = port.read(max(1, int(getattr(port, "in_waiting", 0))))
            now = time.monotonic()
            if chunk:
                pending += chunk
                last_byte_at = now
                self._take_lines(pending)
                if len(pending) > MAX_LINE_BYTES:
                    self._ignore(bytes(pending), "too long")
                    pending.clear()
            elif pending and now - last_byte_at >= self.idle_flush_s:
                self._handle(bytes(pending))  # no CR/LF suffix: a pause ends the code
                pending.clear()

    def _take_lines(self, pending: bytearray) -> None:
        while True:
            ends = [i for i in (pending.find(b"\r"), pending.find(b"\n")) if i >= 0]
            if not ends:
                return
            end = min(ends)
            line = bytes(pending[:end])
            del pending[: end + 1]
            if line:
                self._handle(line)

    def _handle(self, line: bytes) -> None:
        text = line.decode("utf-8", errors="replace")
        code = extract_order_code(text)
        if code is None:
            self._ignore(line, "no order code")
            return
        with self._lock:
            self.codes_read += 1
        log.info("scanner read order code %s", _masked(code))
        try:
            self.on_code(code)
        except Exception:
            log.exception("the order-code handler failed; the scanner keeps reading")

    def _ignore(self, line: bytes, why: str) -> None:
        with self._lock:
            self.noise_ignored += 1
        log.info("scanner noise ignored (%s, %d bytes)", why, len(line))
