"""SMPP 3.4 PDUs as bytes, read and written by the SMSC emulator itself.

The emulator does not use smpplib: it parses what the adapter (which does) puts on
the wire, so a test that asserts on these fields asserts on the real bytes.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field

from server_sync.sms.smpp_codes import Command, Status, Tag

HEADER = struct.Struct(">IIII")  # command_length, command_id, command_status, sequence
MAX_PDU = 64 * 1024


class WireError(ValueError):
    """A PDU body that does not parse; `status` is the answer it deserves."""

    def __init__(self, message: str, status: int = Status.RSYSERR) -> None:
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class Pdu:
    command_id: int
    status: int
    sequence: int
    body: bytes = b""

    def encode(self) -> bytes:
        return (
            HEADER.pack(HEADER.size + len(self.body), self.command_id, self.status, self.sequence)
            + self.body
        )


class _Reader:
    """Walks a body: C-octet strings (NUL-terminated), integers, octet strings, TLVs."""

    def __init__(self, body: bytes) -> None:
        self.body, self.pos = body, 0

    def cstring(self, max_len: int) -> bytes:
        end = self.body.find(b"\0", self.pos)
        if end < 0 or end - self.pos >= max_len:
            raise WireError(f"C-octet string at {self.pos} not terminated within {max_len}")
        value, self.pos = self.body[self.pos : end], end + 1
        return value

    def int8(self) -> int:
        if self.pos >= len(self.body):
            raise WireError("body ends before a mandatory field", Status.RINVCMDLEN)
        value = self.body[self.pos]
        self.pos += 1
        return value

    def octets(self, length: int) -> bytes:
        value = self.body[self.pos : self.pos + length]
        if len(value) != length:
            raise WireError("short_message is shorter than sm_length", Status.RINVMSGLEN)
        self.pos += length
        return value

    def tlvs(self) -> dict[int, bytes]:
        found: dict[int, bytes] = {}
        while self.pos < len(self.body):
            if self.pos + 4 > len(self.body):
                raise WireError("truncated TLV header")
            tag, length = struct.unpack_from(">HH", self.body, self.pos)
            self.pos += 4
            found[tag] = self.octets(length)
        return found


@dataclass(frozen=True)
class Bind:
    system_id: str
    password: str
    system_type: str
    interface_version: int


def parse_bind(body: bytes) -> Bind:
    r = _Reader(body)
    system_id = r.cstring(16).decode("ascii", "replace")
    password = r.cstring(9).decode("ascii", "replace")
    system_type = r.cstring(13).decode("ascii", "replace")
    version = r.int8()
    r.int8(), r.int8(), r.cstring(41)  # addr_ton, addr_npi, address_range
    return Bind(system_id, password, system_type, version)


@dataclass(frozen=True)
class SubmitSm:
    """The fields of a submit_sm (or deliver_sm: the same mandatory layout)."""

    service_type: str
    source_ton: int
    source_npi: int
    source: str
    dest_ton: int
    dest_npi: int
    destination: str
    esm_class: int
    protocol_id: int
    priority_flag: int
    schedule_delivery_time: str
    validity_period: str
    registered_delivery: int
    replace_if_present: int
    data_coding: int
    sm_default_msg_id: int
    short_message: bytes
    tlvs: dict[int, bytes] = field(default_factory=dict)

    @property
    def user_data(self) -> bytes:
        """short_message, or the message_payload TLV when short_message is empty."""
        return self.short_message or self.tlvs.get(Tag.MESSAGE_PAYLOAD, b"")


def parse_submit_sm(body: bytes) -> SubmitSm:
    r = _Reader(body)

    def text(max_len: int) -> str:
        return r.cstring(max_len).decode("latin-1")

    service_type = text(6)
    source_ton, source_npi, source = r.int8(), r.int8(), text(21)
    dest_ton, dest_npi, destination = r.int8(), r.int8(), text(21)
    esm_class, protocol_id, priority_flag = r.int8(), r.int8(), r.int8()
    schedule, validity = text(17), text(17)
    registered, replace, coding, default_id = r.int8(), r.int8(), r.int8(), r.int8()
    sm_length = r.int8()
    short_message = r.octets(sm_length)
    return SubmitSm(
        service_type,
        source_ton,
        source_npi,
        source,
        dest_ton,
        dest_npi,
        destination,
        esm_class,
        protocol_id,
        priority_flag,
        schedule,
        validity,
        registered,
        replace,
        coding,
        default_id,
        short_message,
        r.tlvs(),
    )


def cstr(value: str) -> bytes:
    return value.encode("latin-1") + b"\0"


def tlv(tag: int, value: bytes) -> bytes:
    return struct.pack(">HH", tag, len(value)) + value


def deliver_sm_body(
    source: str,
    destination: str,
    esm_class: int,
    short_message: bytes,
    tlvs: dict[int, bytes],
    data_coding: int = 0,
) -> bytes:
    """A deliver_sm body (receipts go from the recipient back to the original sender)."""
    return (
        cstr("")  # service_type
        + _ton_npi(source)
        + cstr(source)
        + _ton_npi(destination)
        + cstr(destination)
        + bytes((esm_class, 0, 0))
        + cstr("")  # schedule_delivery_time
        + cstr("")  # validity_period
        + bytes((0, 0, data_coding, 0, len(short_message)))
        + short_message
        + b"".join(tlv(tag, value) for tag, value in tlvs.items())
    )


def _ton_npi(address: str) -> bytes:
    """International number (TON 1, NPI 1) or alphanumeric sender id (TON 5, NPI 0)."""
    return bytes((1, 1)) if address.isdigit() else bytes((5, 0))


def response(request: Pdu, status: int = Status.ROK, body: bytes = b"") -> Pdu:
    """The response to `request` (command id | 0x80000000, same sequence)."""
    command = Command.GENERIC_NACK if request.command_id & 0x80000000 else request.command_id
    return Pdu(command | 0x80000000, status, request.sequence, body)
