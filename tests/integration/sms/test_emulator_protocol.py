"""The SMSC emulator spoken to in raw bytes: what a real centre would answer."""

from __future__ import annotations

import json

import pytest

from server_sync.sms.emulator import SmscEmulator
from server_sync.sms.emulator_wire import HEADER
from server_sync.sms.smpp_codes import Command, Status, Tag

from .raw import RawEsme, tlv


@pytest.fixture
def esme(smsc: SmscEmulator):
    client = RawEsme(smsc.address)
    yield client
    client.close()


def test_bind_answers_and_refusals(smsc: SmscEmulator, esme: RawEsme) -> None:
    refused = esme.bind(password="nope")
    assert (refused.command_id, refused.status) == (Command.BIND_TRANSMITTER_RESP, Status.RBINDFAIL)
    refused = esme.bind(system_id="other")
    assert refused.status == Status.RBINDFAIL
    ok = esme.bind()
    assert (ok.status, ok.body) == (Status.ROK, b"ASANSMSC\0")
    again = esme.bind(Command.BIND_RECEIVER)
    assert (again.command_id, again.status) == (Command.BIND_RECEIVER_RESP, Status.RALYBND)
    assert [(b.kind, b.status) for b in smsc.binds] == [
        ("transmitter", Status.RBINDFAIL),
        ("transmitter", Status.RBINDFAIL),
        ("transmitter", Status.ROK),
    ]


def test_submit_needs_a_transmitting_bind(esme: RawEsme) -> None:
    assert esme.submit(b"hi").status == Status.RINVBNDSTS
    assert esme.bind(Command.BIND_RECEIVER).status == Status.ROK
    assert esme.submit(b"hi").status == Status.RINVBNDSTS


def test_enquire_link_unknown_commands_and_unbind(esme: RawEsme) -> None:
    sequence = esme.send(Command.ENQUIRE_LINK)
    answer = esme.read()
    assert (answer.command_id, answer.status, answer.sequence) == (
        Command.ENQUIRE_LINK_RESP,
        0,
        sequence,
    )
    esme.send(0x00000103)  # data_sm: not spoken here
    nack = esme.read()
    assert (nack.command_id, nack.status) == (Command.GENERIC_NACK, Status.RINVCMDID)
    esme.bind()
    esme.send(Command.UNBIND)
    assert esme.read().command_id == Command.UNBIND_RESP
    with pytest.raises(ConnectionError):
        esme.read()


def test_a_bad_command_length_is_nacked_and_closed(esme: RawEsme) -> None:
    esme.sock.sendall(HEADER.pack(8, Command.ENQUIRE_LINK, 0, 9))
    nack = esme.read()
    assert (nack.command_id, nack.status) == (Command.GENERIC_NACK, Status.RINVCMDLEN)
    with pytest.raises(ConnectionError):
        esme.read()


def test_a_pdu_in_pieces_is_read_whole(smsc: SmscEmulator, esme: RawEsme) -> None:
    esme.bind()
    raw = HEADER.pack(16, Command.ENQUIRE_LINK, 0, 42)
    for byte in raw:
        esme.sock.sendall(bytes((byte,)))
    assert esme.read().sequence == 42


def test_16_bit_references_and_parts_out_of_order_are_reassembled(
    smsc: SmscEmulator, esme: RawEsme
) -> None:
    esme.bind()

    def udh(seq: int) -> bytes:
        return bytes.fromhex("060804beef02") + bytes((seq,))

    assert esme.submit(udh(2) + b"world", esm_class=0x40).status == 0
    assert smsc.messages == []
    assert esme.submit(udh(1) + b"hello ", esm_class=0x40).status == 0
    [sms] = smsc.wait_for_messages(1, 5)
    assert sms.text == "hello world"
    assert [p.concat.sequence for p in sms.parts if p.concat] == [1, 2]
    assert {p.concat.reference for p in sms.parts if p.concat} == {0xBEEF}


def test_message_payload_and_codings(smsc: SmscEmulator, esme: RawEsme) -> None:
    esme.bind()
    esme.submit(b"", data_coding=8, tlvs=tlv(Tag.MESSAGE_PAYLOAD, "Şəki".encode("utf-16-be")))
    esme.submit(b"caf\xe9", data_coding=3)
    esme.submit(b"\x01\x02", data_coding=4)  # 8-bit data: stored, not decoded
    texts = [m.text for m in smsc.wait_for_messages(3, 5)]
    assert texts == ["Şəki", "café", None]
    stored = json.loads(smsc.messages[2].path.read_text("utf-8"))
    assert (stored["text"], stored["parts"][0]["short_message"]) == (None, "0102")


def test_refusals_for_bad_fields(smsc: SmscEmulator, esme: RawEsme) -> None:
    esme.bind()
    assert esme.submit(b"hi", destination="ASAN").status == Status.RINVDSTADR
    assert esme.submit(b"\x09\x00", esm_class=0x40).status == Status.RINVESMCLASS  # UDH too long
    assert smsc.messages == []
