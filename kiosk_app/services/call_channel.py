"""How a hall display hears of a new call within milliseconds, without
polling the database many times a second.

- PostgreSQL store: `LISTEN asanq_calls`; the counter's transaction runs
  `pg_notify` (see queue_repo.record_call), delivered at commit, to every
  display on the LAN.
- SQLite store: everything runs on one machine (a SQLite file cannot be
  shared over a network safely), so a local channel is enough: each display
  binds a Unix-domain *datagram* socket in a folder beside the store, and the
  counter sends a tiny datagram to every socket there after its commit. Local
  datagrams are not lost (the kernel blocks or refuses rather than drops), need
  no port numbers or multicast routes, and stale sockets of dead displays
  refuse at once and are removed.

The notification only says "look now"; the display then reads the new hall
calls from the store by id, so a lost or duplicated wake-up changes nothing,
and a slow fallback poll (every few seconds) covers any gap.
Listeners expose `fileno()` so a Qt `QSocketNotifier` can watch them.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import socket
import tempfile
import uuid
from pathlib import Path
from typing import Protocol

import psycopg
from sqlalchemy.engine import make_url

from kiosk_app.services.staff.types import CallListener
from kiosk_app.store.engine import sqlite_path
from kiosk_app.store.queue_repo import CALLS_CHANNEL

log = logging.getLogger("asanq.calls")

_MAX_DIR = 80


class CallPublisher(Protocol):
    def published(self) -> None:
        """Tell listeners new calls are in the store (after commit)."""
        ...


def notify_dir(db_url: str, configured: str | None = None) -> Path:
    """The folder of display sockets for a SQLite store (beside its file)."""
    if configured:
        return Path(configured)
    path = sqlite_path(db_url)
    base = path.parent.resolve() if path is not None else Path("var").resolve()
    folder = base / "calls.d"
    if len(str(folder)) > _MAX_DIR:  # socket paths are limited to ~107 bytes
        digest = hashlib.sha1(str(folder).encode()).hexdigest()[:12]
        folder = Path(tempfile.gettempdir()) / f"asanq-calls-{digest}"
    return folder


class NoPublisher:
    """PostgreSQL: NOTIFY already went out with the transaction."""

    def published(self) -> None:
        return None


class SocketPublisher:
    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def published(self) -> None:
        try:
            targets = list(self.folder.glob("*.sock"))
        except OSError:
            return
        if not targets:
            return
        with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as sock:
            sock.setblocking(False)
            for target in targets:
                self._send(sock, target)

    def _send(self, sock: socket.socket, target: Path) -> None:
        try:
            sock.sendto(b"call", str(target))
        except (ConnectionRefusedError, FileNotFoundError):
            with contextlib.suppress(OSError):
                target.unlink()  # a display that is gone
        except BlockingIOError:
            pass  # its buffer is full of wake-ups already: it will look anyway
        except OSError as exc:
            log.warning("call notification not sent to %s: %s", target.name, exc)


class SocketListener:
    def __init__(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.path = folder / f"d-{os.getpid()}-{uuid.uuid4().hex[:6]}.sock"
        self._sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self._sock.bind(str(self.path))
        self._sock.setblocking(False)

    def fileno(self) -> int:
        return self._sock.fileno()

    def drain(self) -> bool:
        got = False
        while True:
            try:
                self._sock.recv(64)
            except (BlockingIOError, InterruptedError):
                return got
            got = True

    def close(self) -> None:
        self._sock.close()
        with contextlib.suppress(OSError):
            self.path.unlink()


class PgListener:
    def __init__(self, db_url: str) -> None:
        url = make_url(db_url).set(drivername="postgresql")
        dsn = url.render_as_string(hide_password=False)
        self._conn = psycopg.connect(dsn, autocommit=True, connect_timeout=5)
        self._conn.execute(f"LISTEN {CALLS_CHANNEL}")

    def fileno(self) -> int:
        return self._conn.pgconn.socket

    def drain(self) -> bool:
        pg = self._conn.pgconn
        pg.consume_input()
        got = False
        while pg.notifies() is not None:
            got = True
        return got

    def close(self) -> None:
        self._conn.close()


def make_publisher(db_url: str, configured_dir: str | None = None) -> CallPublisher:
    if make_url(db_url).get_backend_name() == "postgresql":
        return NoPublisher()
    return SocketPublisher(notify_dir(db_url, configured_dir))


def make_listener(db_url: str, configured_dir: str | None = None) -> CallListener:
    if make_url(db_url).get_backend_name() == "postgresql":
        return PgListener(db_url)
    return SocketListener(notify_dir(db_url, configured_dir))
