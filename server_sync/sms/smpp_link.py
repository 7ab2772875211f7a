"""One bound SMPP session, built on smpplib's client and PDU classes.

smpplib reads and writes PDUs but leaves the session to its caller: it matches no
response to its request, answers nothing by itself, and sends no keep-alive. Here a
reader thread owns the socket's input: it hands each response to the request
waiting for that sequence number, answers the centre's enquire_link and
deliver_sm, and sends our own enquire_link when the link has been idle, so a dead
link is found before the next message needs it. Every wait has a deadline.
"""

from __future__ import annotations

import contextlib
import logging
import select
import socket
import threading
import time
from collections.abc import Callable, Sequence
from typing import Any, Literal

import smpplib.client
import smpplib.consts
import smpplib.exceptions
import smpplib.smpp

from server_sync.sms.smpp_codes import Status

log = logging.getLogger("asanq.sms")
BindMode = Literal["transmitter", "receiver", "transceiver"]
_POLL_S = 0.05
_SMPPLIB_LOG = "asanq.sms.smpplib"


class _NoPduDumps(logging.Filter):
    """smpplib logs every PDU in hex at DEBUG: numbers and texts that no masking can
    recognise in hex. Those records never leave its logger."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith((">>", "<<"))


logging.getLogger(_SMPPLIB_LOG).addFilter(_NoPduDumps())


class LinkDown(Exception):
    """The link cannot carry the request: never opened, closed, reset or silent."""

    def __init__(self, message: str, *, maybe_sent: bool = False) -> None:
        super().__init__(message)
        self.maybe_sent = maybe_sent


class BindRefused(Exception):
    """The centre answered the bind with an error status."""

    def __init__(self, status: int) -> None:
        super().__init__(status)
        self.status = status


class _Sequences:
    """smpplib's sequence generator, safe for the sender and the reader thread."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._value = 0

    @property
    def sequence(self) -> int:
        with self._lock:
            return self._value

    def next_sequence(self) -> int:
        with self._lock:
            self._value = self._value % 0x7FFFFFFF + 1
            return self._value


class _Client(smpplib.client.Client):  # type: ignore[misc]  # smpplib has no types
    """smpplib's client, with the socket exposed for select() and shutdown()."""

    def _create_socket(self) -> socket.socket:
        # Parts of a long SMS go back to back: without TCP_NODELAY, Nagle's algorithm
        # holds the second until the first is acknowledged (a delayed ACK, ~40 ms).
        sock: socket.socket = super()._create_socket()
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return sock

    def fileno(self) -> int:
        return int(self._socket.fileno())

    def shutdown(self) -> None:
        if self._socket is not None:
            with contextlib.suppress(OSError):
                self._socket.shutdown(socket.SHUT_RDWR)


class SmppLink:
    """A connection bound as transmitter, receiver or transceiver."""

    def __init__(
        self,
        host: str,
        port: int,
        mode: BindMode,
        *,
        system_id: str,
        password: str,
        system_type: str = "",
        timeout_s: float,
        enquire_link_s: float,
        on_deliver: Callable[[Any], int] | None = None,
    ) -> None:
        self.host, self.port, self.mode = host, port, mode
        self._credentials = {
            "system_id": system_id,
            "password": password,
            "system_type": system_type,
        }
        self._timeout_s, self._enquire_link_s = timeout_s, enquire_link_s
        self._on_deliver = on_deliver
        self._client = _Client(
            host,
            port,
            timeout=timeout_s,
            sequence_generator=_Sequences(),
            logger_name=_SMPPLIB_LOG,
            allow_unknown_opt_params=True,
        )
        self._cond = threading.Condition()
        self._write_lock = threading.Lock()
        self._alive = False
        self._closing = threading.Event()
        self._leaving = False  # we unbind: the centre closing the link is expected
        self._waiting: set[int] = set()
        self._responses: dict[int, Any] = {}
        self._enquire: tuple[int, float] | None = None  # (sequence, sent at)
        self._last_activity = time.monotonic()
        self._reader: threading.Thread | None = None

    @property
    def alive(self) -> bool:
        with self._cond:
            return self._alive

    def open(self) -> None:
        """Connect and bind; LinkDown or BindRefused when that fails (in bounded time)."""
        client = self._client
        try:
            client.connect()
            getattr(client, f"bind_{self.mode}")(**self._credentials)
        except smpplib.exceptions.PDUError as exc:
            self._disconnect()
            status = exc.args[1] if len(exc.args) > 1 else Status.RBINDFAIL
            raise BindRefused(int(status)) from None
        except (smpplib.exceptions.ConnectionError, OSError) as exc:
            self._disconnect()
            why = f"cannot connect or bind_{self.mode} within {self._timeout_s:g} s ({exc})"
            raise LinkDown(why) from None
        with self._cond:
            self._alive = True
        self._last_activity = time.monotonic()
        self._reader = threading.Thread(
            target=self._read_loop, name=f"smpp-{self.mode}", daemon=True
        )
        self._reader.start()

    def pdu(self, command: str, **fields: Any) -> Any:
        """A new smpplib PDU with this link's next sequence number."""
        return smpplib.smpp.make_pdu(command, client=self._client, **fields)

    def request(self, pdus: Sequence[Any], timeout_s: float) -> list[Any]:
        """Send `pdus` back to back, then wait for all their responses (in order)."""
        sequences = [int(p.sequence) for p in pdus]
        with self._cond:
            if not self._alive:
                raise LinkDown("the link is down")
            self._waiting.update(sequences)
        sent = False
        try:
            for pdu in pdus:
                self._send(pdu)
                sent = True
            deadline = time.monotonic() + timeout_s
            with self._cond:
                done = self._cond.wait_for(
                    lambda: all(s in self._responses for s in sequences) or not self._alive,
                    max(0.0, deadline - time.monotonic()),
                )
                answers = [self._responses.pop(s, None) for s in sequences]
        except LinkDown as exc:
            raise LinkDown(str(exc), maybe_sent=sent) from None
        finally:
            with self._cond:
                self._waiting.difference_update(sequences)
        if any(a is None for a in answers):
            if not done:
                self._die(f"no answer within {timeout_s:g} s")
                raise LinkDown(f"no answer within {timeout_s:g} s", maybe_sent=True)
            raise LinkDown("the link went down while waiting for an answer", maybe_sent=True)
        return answers

    def close(self) -> None:
        """Unbind (briefly waiting for the answer), then close the socket."""
        self._leaving = True
        if self.alive:
            with contextlib.suppress(LinkDown):
                self.request([self.pdu("unbind")], min(self._timeout_s, 1.0))
        self._closing.set()
        self._die("closed")
        if self._reader is not None and self._reader is not threading.current_thread():
            self._reader.join(timeout=self._timeout_s + 1)
        self._disconnect()

    # -- the reader thread --------------------------------------------------
    def _read_loop(self) -> None:
        reason = "closed"
        client = self._client
        while not self._closing.is_set():
            try:
                ready, _, _ = select.select([client], [], [], _POLL_S)
            except (OSError, ValueError):
                reason = "the socket closed"
                break
            if not ready:
                if not self._keep_alive():
                    reason = f"no answer to enquire_link within {self._timeout_s:g} s"
                    break
                continue
            try:
                pdu = client.read_pdu()
            except smpplib.exceptions.UnknownCommandError as exc:
                log.warning("SMPP %s: ignored a PDU: %s", self.mode, exc)
                continue
            except (OSError, smpplib.exceptions.ConnectionError):
                reason = "the SMS centre closed the link"
                break
            except Exception as exc:  # a garbled stream cannot be resynchronised
                reason = f"unreadable PDU ({type(exc).__name__})"
                break
            self._last_activity = time.monotonic()
            self._enquire = None  # anything heard proves the link
            if not self._dispatch(pdu):
                reason = "the SMS centre unbound"
                break
        self._die(reason)

    def _keep_alive(self) -> bool:
        now = time.monotonic()
        if self._enquire is not None:
            return now - self._enquire[1] < self._timeout_s
        if now - self._last_activity >= self._enquire_link_s:
            pdu = self.pdu("enquire_link")
            self._enquire = (int(pdu.sequence), now)
            try:
                self._send(pdu)
            except LinkDown:
                return False
        return True

    def _dispatch(self, pdu: Any) -> bool:
        command = pdu.command
        if pdu.is_response():  # includes generic_nack
            with self._cond:
                if pdu.sequence in self._waiting:
                    self._responses[pdu.sequence] = pdu
                    self._cond.notify_all()
            return True
        if command == "enquire_link":
            self._reply("enquire_link_resp", pdu)
        elif command == "deliver_sm":
            status = self._on_deliver(pdu) if self._on_deliver else Status.ROK
            self._reply("deliver_sm_resp", pdu, status)
        elif command == "unbind":
            self._reply("unbind_resp", pdu)
            return False
        elif command != "alert_notification":
            self._reply("generic_nack", pdu, Status.RINVCMDID)
        return True

    def _reply(self, command: str, request: Any, status: int = Status.ROK) -> None:
        answer = self.pdu(command, status=int(status))
        answer.sequence = request.sequence
        with contextlib.suppress(LinkDown):
            self._send(answer)

    # -- plumbing -----------------------------------------------------------
    def _send(self, pdu: Any) -> None:
        try:
            with self._write_lock:
                self._client.send_pdu(pdu)
        except (OSError, smpplib.exceptions.ConnectionError, smpplib.exceptions.PDUError):
            self._die("cannot write to the link")
            raise LinkDown("cannot write to the link") from None
        self._last_activity = time.monotonic()

    def _die(self, reason: str) -> None:
        with self._cond:
            was_alive, self._alive = self._alive, False
            self._cond.notify_all()
        if was_alive:
            if not self._leaving:
                log.warning(
                    "SMPP %s link to %s:%d down: %s", self.mode, self.host, self.port, reason
                )
            self._client.shutdown()

    def _disconnect(self) -> None:
        # disconnect() warns unless smpplib thinks the session is unbound.
        self._client.state = smpplib.consts.SMPP_CLIENT_STATE_OPEN
        with contextlib.suppress(OSError):
            self._client.disconnect()
