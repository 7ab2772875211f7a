"""The SMSC emulator's TCP side: one thread per ESME connection, reading whole PDUs.

Reads poll with a short timeout so `stop()` ends every connection promptly, and a
timeout never loses the bytes of a PDU that arrives in pieces.
"""

from __future__ import annotations

import contextlib
import itertools
import socket
import socketserver
import struct
import threading
from typing import TYPE_CHECKING

from server_sync.sms.emulator_wire import HEADER, MAX_PDU, Pdu
from server_sync.sms.smpp_codes import Command, Status

if TYPE_CHECKING:
    from server_sync.sms.emulator import SmscEmulator

POLL_S = 0.1


class Session:
    """One ESME connection: what it is bound as, and a lock so that receipts sent
    from another connection's thread never interleave with this one's answers."""

    def __init__(self, sock: socket.socket, peer: str) -> None:
        self.sock = sock
        self.peer = peer
        self.bound: str | None = None  # "transmitter", "receiver" or "transceiver"
        self.system_id = ""
        self._write_lock = threading.Lock()
        self._sequences = itertools.count(1)
        self.closed = False

    @property
    def receives(self) -> bool:
        return self.bound in ("receiver", "transceiver")

    @property
    def transmits(self) -> bool:
        return self.bound in ("transmitter", "transceiver")

    def next_sequence(self) -> int:
        return next(self._sequences)

    def send(self, pdu: Pdu) -> bool:
        """Write one PDU; False when the connection is gone."""
        try:
            with self._write_lock:
                self.sock.sendall(pdu.encode())
        except OSError:
            self.closed = True
            return False
        return True

    def abort(self) -> None:
        """Close with a reset, as a centre that crashed or cut the link would."""
        self.closed = True
        with contextlib.suppress(OSError):
            self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        with contextlib.suppress(OSError):
            self.sock.close()


class Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], emulator: SmscEmulator) -> None:
        self.emulator = emulator
        super().__init__(address, Handler)


class Handler(socketserver.BaseRequestHandler):
    """Reads PDUs and hands each to the emulator until the link ends."""

    server: Server

    def handle(self) -> None:
        emulator = self.server.emulator
        sock: socket.socket = self.request
        sock.settimeout(POLL_S)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)  # answers go at once
        session = Session(sock, f"{self.client_address[0]}:{self.client_address[1]}")
        emulator._opened(session)
        try:
            while not session.closed:
                header = self._read(sock, HEADER.size)
                if header is None:
                    break
                length, command_id, status, sequence = HEADER.unpack(header)
                if not HEADER.size <= length <= MAX_PDU:
                    session.send(Pdu(Command.GENERIC_NACK, Status.RINVCMDLEN, sequence))
                    break
                body = self._read(sock, length - HEADER.size)
                if body is None:
                    break
                pdu = Pdu(command_id, status, sequence, body)
                if not emulator._received(session, pdu, header + body):
                    break
        finally:
            session.closed = True
            emulator._closed(session)

    def _read(self, sock: socket.socket, size: int) -> bytes | None:
        """Exactly `size` bytes, or None at the end of the link or when stopping."""
        chunks = bytearray()
        stopping = self.server.emulator._stopping
        while len(chunks) < size:
            if stopping.is_set():
                return None
            try:
                chunk = sock.recv(size - len(chunks))
            except TimeoutError:
                continue
            except OSError:
                return None
            if not chunk:
                return None
            chunks += chunk
        return bytes(chunks)
