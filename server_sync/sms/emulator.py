"""An SMS centre (SMSC) on loopback that speaks SMPP 3.4, for tests and the demo.

It answers binds (checking system_id and password), submit_sm, enquire_link and
unbind; puts concatenated parts back together; stores each message as JSON; drops
a repeat (the same part to the same number with the same `user_message_reference`
within `repeat_window_s`, answered with the first copy's message id, as centres
that filter duplicates do); and sends a delivery receipt (deliver_sm) to a
receiver or transceiver bound with the same system_id, queueing it until one
binds. `fault` makes it misbehave, and tests (and `--fault`) may change it at any time.
"""

from __future__ import annotations

import logging
import secrets
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType

from server_sync.kernel.personal_data import mask_phone
from server_sync.sms.emulator_faults import BindRecord, SmscFault
from server_sync.sms.emulator_inbox import Inbox, ReceivedPart, ReceivedSms, make_part
from server_sync.sms.emulator_session import POLL_S, Server, Session
from server_sync.sms.emulator_wire import (
    Pdu,
    SubmitSm,
    WireError,
    cstr,
    parse_bind,
    parse_submit_sm,
    response,
)
from server_sync.sms.encoding import decode_payload
from server_sync.sms.receipts import receipt_deliver_sm
from server_sync.sms.smpp_codes import Command, Status, Tag

__all__ = ["BindRecord", "SmscEmulator", "SmscFault"]

log = logging.getLogger("asanq.sms.emulator")

_BINDS = {
    Command.BIND_TRANSMITTER: "transmitter",
    Command.BIND_RECEIVER: "receiver",
    Command.BIND_TRANSCEIVER: "transceiver",
}


class SmscEmulator:
    """A threaded SMPP server; `port=0` picks a free port (see `address`/`url`)."""

    def __init__(
        self,
        out_dir: Path,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        system_id: str = "asan",
        password: str = "secret",
        fault: SmscFault | str = SmscFault.NONE,
        refuse_status: int = Status.RSUBMITFAIL,
        slow_s: float = 0.5,
        receipt_state: str = "DELIVRD",
        repeat_window_s: float = 86400.0,
    ) -> None:
        self.out_dir = Path(out_dir)
        self.system_id, self.password = system_id, password
        self.refuse_status, self.slow_s, self.receipt_state = refuse_status, slow_s, receipt_state
        self._fault = SmscFault(fault)
        self._cond = threading.Condition()
        self._stopping = threading.Event()
        self._inbox = Inbox(self.out_dir)
        self._messages: list[ReceivedSms] = []
        self._sessions: list[Session] = []
        self._queued: dict[str, list[tuple[str, bytes]]] = {}  # system_id → receipts
        self._awaiting_ack: dict[tuple[int, int], str] = {}  # (session, seq) → message id
        self._id_prefix = secrets.token_hex(2).upper()
        self._ids = 0
        self.binds: list[BindRecord] = []
        self.commands: list[int] = []  # every command id received, in order
        self.submits = self.refused = self.repeats = 0
        self.repeat_window_s = repeat_window_s
        self._seen: dict[tuple[str, str, bytes, bytes], tuple[float, str]] = {}
        self.receipt_acks: list[tuple[str, int]] = []  # (message id, deliver_sm_resp status)
        self._server = Server((host, port), self)
        self._thread: threading.Thread | None = None

    # -- control ---------------------------------------------------------
    @property
    def address(self) -> tuple[str, int]:
        host, port = self._server.server_address[:2]
        return str(host), int(port)

    @property
    def url(self) -> str:
        """The `sms.url` for this centre (`smpp://system_id:password@127.0.0.1:PORT`)."""
        host, port = self.address
        return f"smpp://{self.system_id}:{self.password}@{host}:{port}"

    @property
    def fault(self) -> SmscFault:
        with self._cond:
            return self._fault

    @fault.setter
    def fault(self, fault: SmscFault | str) -> None:
        with self._cond:
            self._fault = SmscFault(fault)
        log.info("SMSC emulator fault: %s", SmscFault(fault).value)

    def start(self) -> SmscEmulator:
        self.out_dir.mkdir(parents=True, exist_ok=True)
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": POLL_S},
            name="smsc-emulator",
            daemon=True,
        )
        self._thread.start()
        host, port = self.address
        log.info("SMSC emulator on %s:%d, messages go to %s", host, port, self.out_dir)
        return self

    def stop(self) -> None:
        self._stopping.set()
        if self._thread is not None:
            self._server.shutdown()
            self._thread.join()
            self._thread = None
        self._server.server_close()

    def __enter__(self) -> SmscEmulator:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def drop_connections(self) -> None:
        """Cut every open link at once, as a centre restart would."""
        with self._cond:
            sessions = list(self._sessions)
        for session in sessions:
            session.abort()

    # -- results ---------------------------------------------------------
    @property
    def messages(self) -> list[ReceivedSms]:
        with self._cond:
            return list(self._messages)

    def count(self, command: int) -> int:
        """How many PDUs with this command id arrived (e.g. Command.ENQUIRE_LINK)."""
        with self._cond:
            return self.commands.count(command)

    def wait_for(self, condition: Callable[[], bool], timeout: float) -> bool:
        """Wait until `condition()` (checked whenever a PDU arrives) or the timeout."""
        with self._cond:
            return self._cond.wait_for(condition, timeout)

    def wait_for_messages(self, count: int, timeout: float) -> list[ReceivedSms]:
        """The first `count` messages, waiting up to `timeout` s; fewer if time ran out."""
        with self._cond:
            self._cond.wait_for(lambda: len(self._messages) >= count, timeout)
            return list(self._messages)

    # -- connections (called by the session threads) ---------------------
    def _opened(self, session: Session) -> None:
        with self._cond:
            self._sessions.append(session)

    def _closed(self, session: Session) -> None:
        with self._cond:
            if session in self._sessions:
                self._sessions.remove(session)
            self._cond.notify_all()

    def _received(self, session: Session, pdu: Pdu, raw: bytes) -> bool:
        """Act on one PDU; False closes the connection."""
        with self._cond:
            self.commands.append(pdu.command_id)
            self._cond.notify_all()
        fault = self.fault
        if fault is SmscFault.SILENT:
            return True
        command = pdu.command_id
        if fault is SmscFault.SLOW and not command & 0x80000000:
            time.sleep(self.slow_s)
        if command in _BINDS:
            return self._bind(session, pdu, _BINDS[Command(command)])
        if command == Command.SUBMIT_SM:
            return self._submit(session, pdu, raw, fault)
        if command == Command.ENQUIRE_LINK:
            return session.send(response(pdu))
        if command == Command.UNBIND:
            session.send(response(pdu))
            return False
        if command == Command.DELIVER_SM_RESP:
            with self._cond:
                message_id = self._awaiting_ack.pop((id(session), pdu.sequence), "")
                self.receipt_acks.append((message_id, pdu.status))
                self._cond.notify_all()
            return True
        if command & 0x80000000:  # some other response (generic_nack): nothing to answer
            return True
        return session.send(Pdu(Command.GENERIC_NACK, Status.RINVCMDID, pdu.sequence))

    def _bind(self, session: Session, pdu: Pdu, kind: str) -> bool:
        if session.bound:
            return session.send(response(pdu, Status.RALYBND))
        try:
            bind = parse_bind(pdu.body)
        except WireError as exc:
            return session.send(response(pdu, exc.status))
        ok = (bind.system_id, bind.password) == (self.system_id, self.password)
        status = Status.ROK if ok else Status.RBINDFAIL
        with self._cond:
            self.binds.append(BindRecord(kind, bind.system_id, status))
        log.info("bind_%s from %s as %r: %s", kind, session.peer, bind.system_id, status.name)
        if not ok:
            session.send(response(pdu, status))
            return True  # a real SMSC lets the ESME try again or unbind
        session.bound, session.system_id = kind, bind.system_id
        sent = session.send(response(pdu, body=cstr("ASANSMSC")))
        if session.receives:
            self._flush_receipts(bind.system_id)
        return sent

    def _submit(self, session: Session, pdu: Pdu, raw: bytes, fault: SmscFault) -> bool:
        if not session.transmits:
            return session.send(response(pdu, Status.RINVBNDSTS))
        with self._cond:
            self.submits += 1
        if fault is SmscFault.DROP:
            log.info("SMSC emulator dropped the link on submit_sm")
            session.abort()
            return False
        if fault in (SmscFault.REFUSE, SmscFault.THROTTLE):
            with self._cond:
                self.refused += 1
            status = self.refuse_status if fault is SmscFault.REFUSE else Status.RTHROTTLED
            return session.send(response(pdu, status))
        try:
            submit = parse_submit_sm(pdu.body)
            if not submit.destination.isdigit():
                raise WireError("destination is not a number", Status.RINVDSTADR)
            first = self._repeat_of(session.system_id, submit)
            if first is not None:
                return session.send(response(pdu, body=cstr(first)))
            message_id = self._next_id()
            part = make_part(message_id, pdu.sequence, submit, raw)
        except WireError as exc:
            return session.send(response(pdu, exc.status))
        except ValueError:
            return session.send(response(pdu, Status.RINVESMCLASS))
        self._remember(session.system_id, submit, message_id)
        whole = self._inbox.add(session.system_id, submit, part)
        if whole is not None:
            with self._cond:
                self._messages.append(whole)
                self._cond.notify_all()
            log.info(
                "SMS to %s stored: %d part(s) -> %s",
                mask_phone(whole.destination),
                len(whole.parts),
                whole.path.name,
            )
        sent = session.send(response(pdu, body=cstr(message_id)))
        if submit.registered_delivery & 0x01:
            self._receipt(session.system_id, submit.source, submit.destination, part)
        return sent

    def _repeat_key(self, system_id: str, submit: SubmitSm) -> tuple[str, str, bytes, bytes] | None:
        reference = submit.tlvs.get(Tag.USER_MESSAGE_REFERENCE)
        if reference is None or self.repeat_window_s <= 0:
            return None
        return (system_id, submit.destination, reference, submit.user_data)

    def _repeat_of(self, system_id: str, submit: SubmitSm) -> str | None:
        """The message id of the first copy when this part is a repeat, else None."""
        key = self._repeat_key(system_id, submit)
        if key is None:
            return None
        now = time.monotonic()
        with self._cond:
            seen = self._seen.get(key)
            if seen is None or now - seen[0] > self.repeat_window_s:
                return None
            self.repeats += 1
            self._cond.notify_all()
        log.info("SMSC emulator dropped a repeat of %s", seen[1])
        return seen[1]

    def _remember(self, system_id: str, submit: SubmitSm, message_id: str) -> None:
        key = self._repeat_key(system_id, submit)
        if key is None:
            return
        now = time.monotonic()
        with self._cond:
            if len(self._seen) > 100_000:  # forget the oldest half
                for old in sorted(self._seen, key=lambda k: self._seen[k][0])[:50_000]:
                    del self._seen[old]
            self._seen[key] = (now, message_id)

    def _next_id(self) -> str:
        with self._cond:
            self._ids += 1
            return f"{self._id_prefix}{self._ids:06X}"

    # -- delivery receipts -------------------------------------------------
    def _receipt(self, system_id: str, source: str, destination: str, part: ReceivedPart) -> None:
        text = decode_payload(part.payload, part.data_coding) or ""
        body = receipt_deliver_sm(
            part.message_id, self.receipt_state, destination, source, text, datetime.now(UTC)
        )
        with self._cond:
            self._queued.setdefault(system_id, []).append((part.message_id, body))
        self._flush_receipts(system_id)

    def _flush_receipts(self, system_id: str) -> None:
        """Send queued receipts to a receiving session of `system_id`, if one is bound."""
        while True:
            with self._cond:
                queue = self._queued.get(system_id) or []
                target = next(
                    (
                        s
                        for s in self._sessions
                        if s.receives and s.system_id == system_id and not s.closed
                    ),
                    None,
                )
                if not queue or target is None:
                    return
                message_id, body = queue.pop(0)
                sequence = target.next_sequence()
                self._awaiting_ack[(id(target), sequence)] = message_id
            if not target.send(Pdu(Command.DELIVER_SM, Status.ROK, sequence, body)):
                with self._cond:
                    self._queued.setdefault(system_id, []).insert(0, (message_id, body))
                    del self._awaiting_ack[(id(target), sequence)]
