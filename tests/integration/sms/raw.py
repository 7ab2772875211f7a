"""A bare SMPP client made of bytes, for talking to the emulator below smpplib."""

from __future__ import annotations

import socket
import struct

from server_sync.sms.emulator_wire import HEADER, Pdu, cstr
from server_sync.sms.smpp_codes import Command


class RawEsme:
    def __init__(self, address: tuple[str, int]) -> None:
        self.sock = socket.create_connection(address, timeout=5)
        self.sequence = 0

    def close(self) -> None:
        self.sock.close()

    def send(self, command: int, body: bytes = b"", status: int = 0) -> int:
        self.sequence += 1
        self.sock.sendall(Pdu(command, status, self.sequence, body).encode())
        return self.sequence

    def read(self) -> Pdu:
        header = self._exact(HEADER.size)
        length, command, status, sequence = HEADER.unpack(header)
        return Pdu(command, status, sequence, self._exact(length - HEADER.size))

    def _exact(self, size: int) -> bytes:
        data = b""
        while len(data) < size:
            chunk = self.sock.recv(size - len(data))
            if not chunk:
                raise ConnectionError("closed")
            data += chunk
        return data

    def bind(
        self, command: int = Command.BIND_TRANSMITTER, system_id="asan", password="secret"
    ) -> Pdu:
        body = cstr(system_id) + cstr(password) + cstr("") + bytes((0x34, 0, 0)) + cstr("")
        self.send(command, body)
        return self.read()

    def submit(
        self,
        short_message: bytes,
        *,
        destination: str = "994501234567",
        esm_class: int = 0,
        data_coding: int = 0,
        registered_delivery: int = 0,
        tlvs: bytes = b"",
    ) -> Pdu:
        body = (
            cstr("")
            + bytes((5, 0))
            + cstr("ASAN")
            + bytes((1, 1))
            + cstr(destination)
            + bytes((esm_class, 0, 0))
            + cstr("")
            + cstr("")
            + bytes((registered_delivery, 0, data_coding, 0, len(short_message)))
            + short_message
            + tlvs
        )
        self.send(Command.SUBMIT_SM, body)
        return self.read()


def tlv(tag: int, value: bytes) -> bytes:
    return struct.pack(">HH", tag, len(value)) + value
