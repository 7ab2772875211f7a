"""What the SMSC emulator received: parts put back together and stored as JSON.

Each message becomes one `sms-<time>-<n>.json` in the out folder with the decoded
text, the addresses, the data coding, and every part as it came (short_message
and the whole PDU in hex, the UDH, the concatenation numbers), so a test or a
person can check the wire as well as the words.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from server_sync.sms.emulator_wire import SubmitSm
from server_sync.sms.encoding import ESM_CLASS_UDHI, Concat, decode_payload, parse_concat, split_udh
from server_sync.sms.files import write_new_file


@dataclass(frozen=True)
class ReceivedPart:
    message_id: str
    sequence_number: int  # of the submit_sm PDU
    esm_class: int
    data_coding: int
    registered_delivery: int
    short_message: bytes
    udh: bytes  # b"" without UDHI
    concat: Concat | None
    pdu: bytes

    @property
    def payload(self) -> bytes:
        return self.short_message[len(self.udh) :]


@dataclass(frozen=True)
class ReceivedSms:
    """One whole message: a single SMS or every part of a concatenated one."""

    system_id: str
    source: str
    destination: str
    data_coding: int
    text: str | None  # None for a data coding the emulator does not read
    parts: tuple[ReceivedPart, ...]
    received_at: datetime
    path: Path

    @property
    def message_ids(self) -> tuple[str, ...]:
        return tuple(p.message_id for p in self.parts)


def make_part(message_id: str, sequence: int, submit: SubmitSm, pdu: bytes) -> ReceivedPart:
    """Read the UDH of a submit_sm; ValueError when it is garbled."""
    data = submit.user_data
    udh = split_udh(data)[0] if submit.esm_class & ESM_CLASS_UDHI else b""
    concat = parse_concat(udh) if udh else None
    return ReceivedPart(
        message_id,
        sequence,
        submit.esm_class,
        submit.data_coding,
        submit.registered_delivery,
        data,
        udh,
        concat,
        pdu,
    )


class Inbox:
    """Collects parts until a message is whole, then stores it."""

    def __init__(self, out_dir: Path) -> None:
        self.out_dir = out_dir
        self._lock = threading.Lock()
        self._partial: dict[tuple[str, str, str, int, int], dict[int, ReceivedPart]] = {}

    def add(self, system_id: str, submit: SubmitSm, part: ReceivedPart) -> ReceivedSms | None:
        """The whole message once its last part is in, else None."""
        concat = part.concat
        if concat is None or concat.total <= 1:
            return self._store(system_id, submit, (part,))
        key = (system_id, submit.source, submit.destination, concat.reference, concat.total)
        with self._lock:
            parts = self._partial.setdefault(key, {})
            parts[concat.sequence] = part  # a part sent again replaces the first copy
            if len(parts) < concat.total or set(parts) != set(range(1, concat.total + 1)):
                return None
            del self._partial[key]
        return self._store(system_id, submit, tuple(parts[s] for s in sorted(parts)))

    @property
    def incomplete(self) -> int:
        with self._lock:
            return len(self._partial)

    def _store(
        self, system_id: str, submit: SubmitSm, parts: tuple[ReceivedPart, ...]
    ) -> ReceivedSms:
        coding = parts[0].data_coding
        text = decode_payload(b"".join(p.payload for p in parts), coding)
        now = datetime.now(UTC)
        record: dict[str, Any] = {
            "received_at": now.isoformat(timespec="milliseconds"),
            "system_id": system_id,
            "from": {"addr": submit.source, "ton": submit.source_ton, "npi": submit.source_npi},
            "to": {"addr": submit.destination, "ton": submit.dest_ton, "npi": submit.dest_npi},
            "data_coding": coding,
            "text": text,
            "message_ids": [p.message_id for p in parts],
            "parts": [_part_json(p) for p in parts],
        }
        data = json.dumps(record, ensure_ascii=False, indent=2).encode("utf-8")
        path = write_new_file(self.out_dir, "sms", ".json", data, now)
        return ReceivedSms(
            system_id, submit.source, submit.destination, coding, text, parts, now, path
        )


def _part_json(part: ReceivedPart) -> dict[str, Any]:
    concat = part.concat
    return {
        "message_id": part.message_id,
        "sequence_number": part.sequence_number,
        "esm_class": part.esm_class,
        "data_coding": part.data_coding,
        "registered_delivery": part.registered_delivery,
        "udh": part.udh.hex() or None,
        "concat": (
            {"reference": concat.reference, "total": concat.total, "sequence": concat.sequence}
            if concat
            else None
        ),
        "short_message": part.short_message.hex(),
        "pdu": part.pdu.hex(),
    }
