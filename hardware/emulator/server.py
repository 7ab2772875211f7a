"""A network receipt printer on loopback: stores each job's bytes and a PNG of it.

Each connection is read as a stream of ESC/POS; a job ends at a cut or when the
connection closes. DLE EOT status queries are answered at once, according to
the current fault, which tests (and `--fault`) can change at any time.
"""

from __future__ import annotations

import contextlib
import logging
import socket
import socketserver
import struct
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

from PIL import Image

from hardware.emulator.faults import Fault, status_answer
from hardware.emulator.parser import EscPosParser
from hardware.emulator.render import PageRenderer

log = logging.getLogger("asanq.printer.emulator")
_POLL_S = 0.1


@dataclass(frozen=True)
class EmulatedJob:
    """One printed job: its bytes (status queries left out) and its picture."""

    number: int
    data: bytes
    bin_path: Path
    png_path: Path
    cut: bool  # False when the job ended because the connection closed


class PrinterEmulator:
    """A threaded TCP printer; `port=0` picks a free port (see `address`/`url`)."""

    def __init__(
        self,
        out_dir: Path,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        paper_dots: int = 576,
        fault: Fault = Fault.NONE,
        slow_bytes_per_s: int = 4096,
        drop_after_bytes: int = 1024,
    ) -> None:
        self.out_dir = Path(out_dir)
        self.paper_dots = paper_dots
        self.slow_bytes_per_s = slow_bytes_per_s
        self.drop_after_bytes = drop_after_bytes
        self._fault = Fault(fault)
        self._lock = threading.Condition()
        self._jobs: list[EmulatedJob] = []
        self._stopping = threading.Event()
        self.refused_bytes = 0
        self._file_number = 0  # the last ticket-NNNN file written (or found) in out_dir
        self.status_queries = 0
        self._server = _Server((host, port), _Connection, self)
        self._thread: threading.Thread | None = None

    # -- control ---------------------------------------------------------
    @property
    def address(self) -> tuple[str, int]:
        host, port = self._server.server_address[:2]
        return str(host), int(port)

    @property
    def url(self) -> str:
        """The printer URL for the settings (`network://127.0.0.1:PORT`)."""
        host, port = self.address
        return f"network://{host}:{port}"

    @property
    def fault(self) -> Fault:
        with self._lock:
            return self._fault

    @fault.setter
    def fault(self, fault: Fault | str) -> None:
        with self._lock:
            self._fault = Fault(fault)
        log.info("printer emulator fault: %s", Fault(fault).value)

    def start(self) -> PrinterEmulator:
        self.out_dir.mkdir(parents=True, exist_ok=True)
        self._file_number = _highest(self.out_dir)
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": _POLL_S},
            name="printer-emulator",
            daemon=True,
        )
        self._thread.start()
        host, port = self.address
        log.info("printer emulator on %s:%d, tickets go to %s", host, port, self.out_dir)
        return self

    def stop(self) -> None:
        self._stopping.set()
        if self._thread is not None:
            self._server.shutdown()
            self._thread.join()
            self._thread = None
        self._server.server_close()

    def __enter__(self) -> PrinterEmulator:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    # -- results ---------------------------------------------------------
    @property
    def jobs(self) -> list[EmulatedJob]:
        with self._lock:
            return list(self._jobs)

    def wait_for_jobs(self, count: int, timeout: float) -> list[EmulatedJob]:
        """The first `count` jobs, waiting up to `timeout` s; fewer if time ran out."""
        with self._lock:
            self._lock.wait_for(lambda: len(self._jobs) >= count, timeout)
            return list(self._jobs)

    def _save_job(self, data: bytes, page: Image.Image, cut: bool) -> None:
        with self._lock:
            number = len(self._jobs) + 1
            bin_path, png_path = self._new_files(data, page)
            self._jobs.append(EmulatedJob(number, data, bin_path, png_path, cut))
            self._lock.notify_all()
        log.info("ticket %d printed: %d bytes -> %s", number, len(data), png_path)

    def _new_files(self, data: bytes, page: Image.Image) -> tuple[Path, Path]:
        """The next free ticket-NNNN pair in the folder: a restarted emulator (or a second
        one on the same folder) goes on after the tickets already there, never over them."""
        while True:
            self._file_number += 1
            stem = self.out_dir / f"ticket-{self._file_number:04d}"
            png_path = stem.with_suffix(".png")
            try:
                with png_path.open("xb") as png:  # exclusive: taken means try the next
                    page.save(png, format="PNG", optimize=True)
            except FileExistsError:  # another writer on this folder: skip past its files
                self._file_number = max(self._file_number, _highest(self.out_dir))
                continue
            bin_path = stem.with_suffix(".bin")
            bin_path.write_bytes(data)
            return bin_path, png_path

    def _refused(self, count: int) -> None:
        with self._lock:
            self.refused_bytes += count

    def _counted_query(self) -> None:
        with self._lock:
            self.status_queries += 1


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(
        self, address: tuple[str, int], handler: type[_Connection], emulator: PrinterEmulator
    ) -> None:
        self.emulator = emulator
        super().__init__(address, handler)


class _Connection(socketserver.BaseRequestHandler):
    """One client connection: parse, answer status, render, save at each cut."""

    server: _Server

    def handle(self) -> None:
        emulator = self.server.emulator
        sock: socket.socket = self.request
        sock.settimeout(_POLL_S)
        parser, renderer = EscPosParser(), PageRenderer(paper_dots=emulator.paper_dots)
        job = bytearray()
        printed = 0
        while not emulator._stopping.is_set():
            fault = emulator.fault
            size = 65536
            if fault is Fault.SLOW:
                size = 256
            elif fault is Fault.DROP:
                size = max(1, emulator.drop_after_bytes - printed)
            try:
                chunk = sock.recv(size)
            except TimeoutError:
                continue
            except OSError:
                break
            if not chunk:
                break
            if fault is Fault.SLOW:
                time.sleep(len(chunk) / emulator.slow_bytes_per_s)
            for command in parser.feed(chunk):
                fault = emulator.fault
                if command.kind == "status":
                    if not self._answer(sock, command.args[0], fault):
                        return
                    continue
                if fault.refuses_printing:
                    emulator._refused(len(command.raw))
                    continue
                job += command.raw
                printed += len(command.raw)
                if fault is Fault.DROP and printed >= emulator.drop_after_bytes:
                    log.info("printer emulator dropped the connection after %d bytes", printed)
                    _abort(sock)
                    return
                page = renderer.apply(command)
                if page is not None:
                    emulator._save_job(bytes(job), page, cut=True)
                    job.clear()
        if emulator._stopping.is_set():
            return  # switched off mid-job: nothing more comes out
        page = renderer.finish()
        if page is not None:
            emulator._save_job(bytes(job), page, cut=False)

    def _answer(self, sock: socket.socket, n: int, fault: Fault) -> bool:
        """Answer DLE EOT n unless silent; False when the client is gone."""
        self.server.emulator._counted_query()
        if fault is Fault.SILENT:
            return True
        try:
            sock.sendall(status_answer(n, fault))
        except OSError:
            return False
        return True


def _abort(sock: socket.socket) -> None:
    """Close with a reset, as a printer that lost power would."""
    with contextlib.suppress(OSError):
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    sock.close()


def _highest(folder: Path) -> int:
    """The highest NNNN of the ticket-NNNN files in `folder` (0 if none)."""
    numbers = [0]
    for path in folder.glob("ticket-*.png"):
        digits = path.stem.removeprefix("ticket-")
        if digits.isdigit():
            numbers.append(int(digits))
    return max(numbers)
