"""The emulator's own PDU parsing against what smpplib writes, receipts both ways,
and the HTTP request template."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import smpplib.smpp

from server_sync.sms import SmsConfigError
from server_sync.sms.emulator_wire import (
    HEADER,
    Pdu,
    WireError,
    parse_bind,
    parse_submit_sm,
    response,
)
from server_sync.sms.http_template import RequestTemplate, json_field
from server_sync.sms.receipts import parse_receipt, receipt_deliver_sm, receipt_text
from server_sync.sms.smpp import udh_reference
from server_sync.sms.smpp_codes import Command, Status, status_name

AT = datetime(2025, 11, 24, 9, 5, tzinfo=UTC)


class _Client:
    sequence = 0

    def next_sequence(self) -> int:
        self.sequence += 1
        return self.sequence


def test_a_bind_written_by_smpplib_parses() -> None:
    pdu = smpplib.smpp.make_pdu(
        "bind_transmitter", client=_Client(), system_id="asan", password="secret", system_type="VMA"
    )
    raw = pdu.generate()
    length, command, status, sequence = HEADER.unpack(raw[:16])
    assert (length, command, status, sequence) == (len(raw), Command.BIND_TRANSMITTER, 0, 1)
    bind = parse_bind(raw[16:])
    assert (bind.system_id, bind.password, bind.system_type, bind.interface_version) == (
        "asan",
        "secret",
        "VMA",
        0x34,
    )


def test_a_submit_sm_written_by_smpplib_parses_field_by_field() -> None:
    pdu = smpplib.smpp.make_pdu(
        "submit_sm",
        client=_Client(),
        source_addr_ton=5,
        source_addr="ASAN",
        dest_addr_ton=1,
        dest_addr_npi=1,
        destination_addr="994501234567",
        esm_class=0x40,
        registered_delivery=1,
        data_coding=8,
        short_message=b"\x05\x00\x03\x07\x02\x01\x02\x59",
    )
    submit = parse_submit_sm(pdu.generate()[16:])
    assert (submit.source_ton, submit.source_npi, submit.source) == (5, 0, "ASAN")
    assert (submit.dest_ton, submit.dest_npi, submit.destination) == (1, 1, "994501234567")
    assert (submit.esm_class, submit.registered_delivery, submit.data_coding) == (0x40, 1, 8)
    assert submit.short_message == b"\x05\x00\x03\x07\x02\x01\x02\x59"
    assert submit.tlvs == {}


def test_garbled_bodies_raise_wire_errors() -> None:
    with pytest.raises(WireError, match="not terminated"):
        parse_bind(b"a" * 40)
    body = b"\0" + bytes((5, 0)) + b"ASAN\0" + bytes((1, 1)) + b"994\0" + bytes((0, 0, 0)) + b"\0\0"
    with pytest.raises(WireError) as caught:
        parse_submit_sm(body + bytes((0, 0, 0, 0, 10)) + b"short")
    assert caught.value.status == Status.RINVMSGLEN
    with pytest.raises(WireError, match="mandatory"):
        parse_submit_sm(body)


def test_responses_echo_the_sequence_and_set_the_response_bit() -> None:
    request = Pdu(Command.SUBMIT_SM, 0, 77, b"")
    answer = response(request, Status.RTHROTTLED)
    assert (answer.command_id, answer.status, answer.sequence) == (0x80000004, 0x58, 77)
    assert HEADER.unpack(answer.encode()) == (16, 0x80000004, 0x58, 77)
    assert status_name(0x58) == "ESME_RTHROTTLED (0x00000058)"
    assert status_name(0x400) == "status 0x00000400"


def test_receipt_text_and_tlvs_round_trip_through_smpplib() -> None:
    body = receipt_deliver_sm("AB12", "DELIVRD", "994501234567", "ASAN", "Növbəniz", AT)
    raw = Pdu(Command.DELIVER_SM, 0, 5, body).encode()
    pdu = smpplib.smpp.parse_pdu(raw, client=_Client(), allow_unknown_opt_params=True)
    assert pdu.esm_class == 0x04
    assert pdu.receipted_message_id == b"AB12"
    assert pdu.message_state == 2
    assert pdu.short_message.startswith(b"id:AB12 sub:001 dlvrd:001 submit date:2511240905")
    receipt = parse_receipt(pdu.short_message, pdu.receipted_message_id, pdu.message_state)
    assert receipt is not None
    assert (receipt.message_id, receipt.state, receipt.error) == ("AB12", "DELIVRD", "000")


def test_receipts_from_text_alone_and_without_an_id() -> None:
    text = receipt_text("99", "UNDELIV", AT, AT, "hi", error=1)
    receipt = parse_receipt(text, None, None)
    assert receipt is not None
    assert (receipt.message_id, receipt.state, receipt.error) == ("99", "UNDELIV", "001")
    assert parse_receipt(b"hello there", None, None) is None
    tlv_wins = parse_receipt(b"id:1 stat:DELIVRD", b"2\0", 8)
    assert tlv_wins is not None
    assert (tlv_wins.message_id, tlv_wins.state) == ("2", "REJECTD")


def test_the_udh_reference_is_stable_per_outbox_entry() -> None:
    assert udh_reference("outbox-17") == udh_reference("outbox-17")
    assert 0 <= udh_reference("") <= 255
    assert len({udh_reference(f"o-{n}") for n in range(50)}) > 20


def test_templates_fill_values_without_interpreting_them() -> None:
    form = RequestTemplate("msisdn={to}&msg={text}&fixed=1", "form")
    assert form.fill_pairs({"to": "+994", "text": "{to} & %"}) == [
        ("msisdn", "+994"),
        ("msg", "{to} & %"),
        ("fixed", "1"),
    ]
    doc = RequestTemplate('{"a": ["{to}", 3, null], "b": {"c": "x{text}"}}', "json")
    assert doc.fill_json({"to": "1", "text": '"}'}) == {"a": ["1", 3, None], "b": {"c": 'x"}'}}
    assert json_field({"r": [{"id": 5}]}, "r.0.id") == (True, 5)
    assert json_field({"r": []}, "r.0.id") == (False, None)
    with pytest.raises(SmsConfigError, match="unknown placeholder"):
        RequestTemplate('{"a": "{0}"}', "json")
