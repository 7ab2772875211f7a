"""`asan-queue ticket` hands its ticket to the kiosk that is running on this machine.

A kiosk owns its printer: it holds a USB or serial printer open, and two processes
writing to one printer interleave their bytes on the paper. So while a kiosk runs it
listens on a Unix-domain stream socket (`kiosk.ticket_socket`, by default beside its
store), and `asan-queue ticket --service/--code/--test-page` sends it the request: the kiosk
issues the ticket from its own store (or lays out the test page), prints it on its own
printer and answers with the lines the command prints and the command's exit code.
When no kiosk listens (no socket, or a stale one a crashed kiosk left), the command
does the work itself, as before.

The asking side needs only the standard library, so a handed-off ticket costs the
command about a quarter of the CPU of doing it itself (SQLAlchemy, Pillow and the
catalogue stay unloaded in the command).

Protocol: one JSON object on one line each way per connection, at most 4 KiB.
- request: `{"v": 1, "service": ID}`, `{"v": 1, "code": CODE}` or
  `{"v": 1, "test_page": true}`, optionally with `"language"` ("az", "ru", "en") and
  `"request_id"`;
- answer: `{"v": 1, "exit": 0|1|3, "lines": [...]}`, or `{"v": 1, "error": TEXT}` for a
  request the kiosk cannot take.
The socket is made 0660: whoever may write the store may ask for a ticket, and the
kiosk applies the same rules to a request as to a touch (the guessing limit included).
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import selectors
import socket
import socketserver
import stat
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from server_sync.kernel.db_url import sqlite_file

log = logging.getLogger("asanq.kiosk")

VERSION = 1
#: The command's exit codes: printed; refused (the lines say why and what to do);
#: issued but not printed (the printer, not the command line, is at fault).
PRINTED, REFUSED, PRINTER_FAILED = 0, 1, 3
MAX_BYTES = 4096
LANGUAGES = ("az", "ru", "en")
CONNECT_TIMEOUT_S = 5.0  # a kiosk busy with many requests at once still takes them
READ_TIMEOUT_S = 5.0  # for the whole request line, once connected
MAX_AT_ONCE = 8  # requests the kiosk handles at once (each one prints in turn anyway)
ANSWER_TIMEOUT_S = 60.0  # issuing + the printer's own timeouts, with room to spare
_MAX_FIELD = 64  # the store's columns for service ids and request ids
_MAX_PATH = 100  # socket paths are limited to ~107 bytes


class HandoffError(Exception):
    """A kiosk listens but the request did not come back answered; the message says
    what the operator should know (the ticket may already be in the queue)."""


@dataclass(frozen=True)
class TicketRequest:
    """One `ticket --service`, `--code` or `--test-page`: exactly one of them is set."""

    service_id: str | None = None
    code: str | None = None
    test_page: bool = False
    language: str | None = None
    request_id: str | None = None

    def to_wire(self) -> dict[str, object]:
        message: dict[str, object] = {"v": VERSION}
        if self.test_page:
            message["test_page"] = True
        for key, value in (
            ("service", self.service_id),
            ("code", self.code),
            ("language", self.language),
            ("request_id", self.request_id),
        ):
            if value is not None:
                message[key] = value
        return message


@dataclass(frozen=True)
class Reply:
    """What the command prints, line by line, and the exit code it ends with."""

    exit_code: int
    lines: tuple[str, ...]

    def say(self) -> int:
        """Print the lines on standard output; the exit code."""
        for line in self.lines:
            print(line)
        return self.exit_code


def socket_path(configured: str, db_url: str) -> Path | None:
    """Where the kiosk of the store at `db_url` listens: `kiosk.ticket_socket` as given,
    None when it is empty (handoff off), and for "auto" `<store>.kiosk.sock` beside a
    SQLite store file; None for any other store, or when that path is too long for a
    socket (about 100 bytes)."""
    if not configured:
        return None
    if configured != "auto":
        return Path(configured)
    database = sqlite_file(db_url)
    if database is None:
        return None
    store = Path(database)
    path = store.parent.resolve() / f"{store.stem}.kiosk.sock"
    if len(os.fsencode(path)) > _MAX_PATH:
        # Not in the shared temporary folder instead: anyone could sit at a name there
        # and answer for the kiosk. Such a store needs `kiosk.ticket_socket` set.
        log.debug("store folder too deep for a socket beside it: no ticket handoff")
        return None
    return path


# -- the asking side (the command) ------------------------------------------------


def ask_kiosk(
    path: Path, request: TicketRequest, *, timeout_s: float = ANSWER_TIMEOUT_S
) -> Reply | None:
    """The running kiosk's answer to `request`, or None when no kiosk listens at
    `path` (the caller then does the work itself).

    Raises HandoffError when a kiosk took the request but gave no usable answer."""
    client = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        if not _connect(client, path):
            return None
        deadline = time.monotonic() + timeout_s
        client.settimeout(timeout_s)
        try:
            client.sendall(json.dumps(request.to_wire()).encode() + b"\n")
            answer = _read_line(client, MAX_BYTES * 16, deadline)  # a few lines of text
        except (TimeoutError, OSError) as exc:
            raise HandoffError(f"the kiosk did not answer ({exc or 'timed out'})") from None
    finally:
        client.close()
    if not answer:
        raise HandoffError("the kiosk closed the connection without an answer")
    return _parse_answer(answer)


def _connect(client: socket.socket, path: Path) -> bool:
    """Connected to a listening kiosk; False for no kiosk, a stale socket, or one
    that is not ours to use. A full backlog (many commands at once) is waited out."""
    client.settimeout(CONNECT_TIMEOUT_S)
    deadline = time.monotonic() + CONNECT_TIMEOUT_S
    while True:
        try:
            client.connect(os.fspath(path))
            return True
        except BlockingIOError:  # the kiosk's backlog is full: it is busy, not gone
            if time.monotonic() > deadline:
                return False
            time.sleep(0.02)
        except (FileNotFoundError, ConnectionRefusedError, PermissionError, TimeoutError):
            return False
        except OSError as exc:
            log.debug("kiosk socket %s not usable: %s", path, exc)
            return False


def _read_line(sock: socket.socket, limit: int, deadline: float) -> bytes:
    """The bytes before the first newline; more than `limit` of them when the line is
    longer (so the caller can say so); TimeoutError once `deadline` has passed, however
    slowly the other side trickles its bytes."""
    data = bytearray()
    while b"\n" not in data and len(data) <= limit:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise TimeoutError("timed out")
        sock.settimeout(remaining)
        chunk = sock.recv(4096)
        if not chunk:
            break
        data += chunk
    return bytes(data.split(b"\n", 1)[0])


def _parse_answer(raw: bytes) -> Reply:
    try:
        message = json.loads(raw)
    except ValueError:
        raise HandoffError("the kiosk's answer could not be read") from None
    if not isinstance(message, dict) or message.get("v") != VERSION:
        raise HandoffError("the kiosk answered in another protocol version")
    if "error" in message:
        raise HandoffError(f"the kiosk refused the request: {message['error']}")
    code, lines = message.get("exit"), message.get("lines")
    if (
        not isinstance(code, int)
        or not 0 <= code <= 255
        or not isinstance(lines, list)
        or not all(isinstance(line, str) for line in lines)
    ):
        raise HandoffError("the kiosk's answer could not be read")
    return Reply(code, tuple(lines))


# -- the kiosk's side -------------------------------------------------------------


class BadRequest(ValueError):
    """A request the kiosk cannot take; the message goes back to the sender."""


def parse_request(raw: bytes) -> TicketRequest:
    """The request on one line, or BadRequest saying what is wrong with it."""
    if len(raw) > MAX_BYTES:
        raise BadRequest(f"request larger than {MAX_BYTES} bytes")
    try:
        message = json.loads(raw)
    except ValueError:
        raise BadRequest("not a JSON object on one line") from None
    if not isinstance(message, dict):
        raise BadRequest("not a JSON object on one line")
    if message.get("v") != VERSION:
        raise BadRequest(f"protocol version {VERSION} expected")
    unknown = set(message) - {"v", "service", "code", "test_page", "language", "request_id"}
    if unknown:
        raise BadRequest(f"unknown field(s): {', '.join(sorted(unknown))}")
    fields = {key: message.get(key) for key in ("service", "code", "language", "request_id")}
    for key, value in fields.items():
        if value is not None and (not isinstance(value, str) or not 0 < len(value) <= _MAX_FIELD):
            raise BadRequest(f"{key}: text of 1 to {_MAX_FIELD} characters expected")
    test_page = message.get("test_page", False)
    if not isinstance(test_page, bool):
        raise BadRequest("test_page: true or false expected")
    if [fields["service"] is not None, fields["code"] is not None, test_page].count(True) != 1:
        raise BadRequest("exactly one of service, code and test_page expected")
    if fields["language"] is not None and fields["language"] not in LANGUAGES:
        raise BadRequest(f"language: one of {', '.join(LANGUAGES)} expected")
    return TicketRequest(
        service_id=fields["service"],
        code=fields["code"],
        test_page=test_page,
        language=fields["language"],
        request_id=fields["request_id"] or f"cli-{uuid.uuid4().hex}",
    )


class _Handler(socketserver.BaseRequestHandler):
    server: _UnixServer
    request: socket.socket

    def handle(self) -> None:
        try:
            raw = _read_line(self.request, MAX_BYTES, time.monotonic() + READ_TIMEOUT_S)
        except OSError:  # the sender went quiet or away: nothing was taken
            return
        message: dict[str, Any]
        try:
            request = parse_request(raw)
        except BadRequest as exc:
            message = {"v": VERSION, "error": str(exc)}
        else:
            try:
                reply = self.server.answer(request)
            except Exception:  # the kiosk keeps running; the sender hears of it
                log.exception("a ticket request from %s failed", self.server.path)
                message = {"v": VERSION, "error": "the kiosk could not take it (see its log)"}
            else:
                message = {"v": VERSION, "exit": reply.exit_code, "lines": list(reply.lines)}
        with contextlib.suppress(OSError):
            self.request.settimeout(READ_TIMEOUT_S)
            self.request.sendall(json.dumps(message, ensure_ascii=False).encode() + b"\n")


class _UnixServer(socketserver.ThreadingMixIn, socketserver.UnixStreamServer):
    """At most `MAX_AT_ONCE` requests are handled at once; the next wait in the
    listen backlog (the asking side waits for a place), so a flood of connections
    costs the kiosk no more than that many threads."""

    daemon_threads = True
    block_on_close = False
    request_queue_size = 64
    timeout = 0.5  # `handle_request` never blocks on a connection that went away meanwhile

    def __init__(self, path: Path, answer: Callable[[TicketRequest], Reply]) -> None:
        self.path = path
        self.answer = answer
        self.slots = threading.BoundedSemaphore(MAX_AT_ONCE)
        self.closing = False
        super().__init__(os.fspath(path), _Handler, bind_and_activate=False)

    def process_request(self, request: Any, client_address: Any) -> None:
        while not self.slots.acquire(timeout=0.5):
            if self.closing:
                self.shutdown_request(request)
                return
        try:
            super().process_request(request, client_address)
        except BaseException:  # no thread started: give the place back
            self.slots.release()
            raise

    def process_request_thread(self, request: Any, client_address: Any) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            self.slots.release()


class HandoffServer:
    """The kiosk's listening side: `start()` binds the socket and serves requests on
    daemon threads (each calls `answer`); `close()` stops and removes the socket."""

    def __init__(self, path: Path, answer: Callable[[TicketRequest], Reply]) -> None:
        self.path = path
        self._answer = answer
        self._server: _UnixServer | None = None
        self._thread: threading.Thread | None = None
        self._inode: int | None = None
        self._wake_r: socket.socket
        self._wake_w: socket.socket

    def start(self) -> bool:
        """Listen; False (and a warning in the log) when another kiosk already listens
        at the path, or something that is not a socket is there."""
        if not self._clear_stale():
            return False
        server = _UnixServer(self.path, self._answer)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            server.server_bind()
            os.chmod(self.path, 0o660)
            server.server_activate()
        except OSError as exc:
            server.server_close()
            log.warning(
                "ticket socket %s not opened (%s): `ticket` works on its own", self.path, exc
            )
            return False
        self._inode = os.stat(self.path).st_ino
        self._server = server
        self._wake_r, self._wake_w = socket.socketpair()
        self._thread = threading.Thread(target=self._serve, args=(server,), name="ticket-socket")
        self._thread.daemon = True
        self._thread.start()
        log.info("taking `asan-queue ticket` requests on %s", self.path)
        return True

    def close(self) -> None:
        server, self._server = self._server, None
        if server is None:
            return
        server.closing = True
        self._wake_w.send(b"x")  # the accept loop ends at once, not at its next poll
        if self._thread is not None:
            self._thread.join(5)
        server.server_close()
        self._wake_r.close()
        self._wake_w.close()
        with contextlib.suppress(OSError):
            if os.stat(self.path).st_ino == self._inode:  # still ours, not a newer kiosk's
                os.unlink(self.path)

    def _serve(self, server: _UnixServer) -> None:
        with selectors.DefaultSelector() as selector:
            selector.register(server.socket, selectors.EVENT_READ)
            selector.register(self._wake_r, selectors.EVENT_READ)
            while not server.closing:
                for key, _events in selector.select():
                    if key.fileobj is server.socket and not server.closing:
                        server.handle_request()  # one waiting connection, at once

    def _clear_stale(self) -> bool:
        try:
            mode = os.lstat(self.path).st_mode
        except FileNotFoundError:
            return True
        if not stat.S_ISSOCK(mode):
            log.warning("ticket socket %s: something else is there; not listening", self.path)
            return False
        probe = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            probe.settimeout(1.0)
            probe.connect(os.fspath(self.path))
        except (ConnectionRefusedError, FileNotFoundError):
            with contextlib.suppress(FileNotFoundError):
                os.unlink(self.path)  # left by a kiosk that did not stop cleanly
            return True
        except OSError as exc:
            log.warning("ticket socket %s not usable (%s); not listening", self.path, exc)
            return False
        finally:
            probe.close()
        log.warning("another kiosk already takes ticket requests on %s", self.path)
        return False
