"""Delivery receipts: asked for with registered_delivery, sent by the centre as
deliver_sm, and recorded through the on_receipt callback."""

from __future__ import annotations

from datetime import UTC, datetime

from server_sync.sms import SmsMessage
from server_sync.sms.emulator import SmscEmulator
from server_sync.sms.emulator_wire import parse_submit_sm
from server_sync.sms.smpp_codes import Status

from .conftest import MakeSender, Receipts
from .raw import RawEsme

PHONE = "+994701234567"


def test_receipts_come_on_a_receiver_link_and_reach_the_callback(
    smsc: SmscEmulator, make_sender: MakeSender
) -> None:
    receipts = Receipts()
    before = datetime.now(UTC)
    result = make_sender(on_receipt=receipts).send(SmsMessage(PHONE, "Növbəniz yaxınlaşır"))
    [(message_id, state, at)] = receipts.wait_for(1)
    assert (message_id, state) == (result.message_ids[0], "DELIVRD")
    assert before <= at <= datetime.now(UTC)
    assert sorted(b.kind for b in smsc.binds) == ["receiver", "transmitter"]
    [sms] = smsc.messages
    assert parse_submit_sm(sms.parts[0].pdu[16:]).registered_delivery == 1
    assert smsc.wait_for(lambda: smsc.receipt_acks == [(message_id, Status.ROK)], 5)


def test_receipts_on_one_transceiver_link(smsc: SmscEmulator, make_sender: MakeSender) -> None:
    receipts = Receipts()
    sender = make_sender(smsc.url + "?receipts=transceiver", on_receipt=receipts)
    result = sender.send(SmsMessage(PHONE, "a" * 200))  # two parts, two receipts
    seen = receipts.wait_for(2)
    assert sorted(r[0] for r in seen) == sorted(result.message_ids)
    assert [b.kind for b in smsc.binds] == ["transceiver"]


def test_an_undelivered_state_is_passed_on(smsc: SmscEmulator, make_sender: MakeSender) -> None:
    smsc.receipt_state = "UNDELIV"
    receipts = Receipts()
    make_sender(on_receipt=receipts).send(SmsMessage(PHONE, "hi"))
    assert [r[1] for r in receipts.wait_for(1)] == ["UNDELIV"]


def test_receipts_wait_at_the_centre_until_a_receiver_binds(
    smsc: SmscEmulator, make_sender: MakeSender
) -> None:
    esme = RawEsme(smsc.address)  # a transmitter that asks for a receipt and leaves
    assert esme.bind().status == Status.ROK
    answer = esme.submit(b"hi", registered_delivery=1)
    message_id = answer.body.rstrip(b"\0").decode()
    esme.close()
    receipts = Receipts()
    sender = make_sender(on_receipt=receipts)
    sender.open()  # after a restart: bind at once, and the waiting receipt comes in
    assert [r[0] for r in receipts.wait_for(1)] == [message_id]


def test_receipts_off_asks_for_none(smsc: SmscEmulator, make_sender: MakeSender) -> None:
    make_sender(smsc.url + "?receipts=off", on_receipt=Receipts()).send(SmsMessage(PHONE, "hi"))
    [sms] = smsc.wait_for_messages(1, 5)
    assert parse_submit_sm(sms.parts[0].pdu[16:]).registered_delivery == 0
    assert [b.kind for b in smsc.binds] == ["transmitter"]


def test_a_failing_callback_asks_the_centre_to_send_again_later(
    smsc: SmscEmulator, make_sender: MakeSender
) -> None:
    def broken(message_id: str, state: str, at: datetime) -> None:
        raise RuntimeError("store is down")

    make_sender(on_receipt=broken).send(SmsMessage(PHONE, "hi"))
    assert smsc.wait_for(lambda: len(smsc.receipt_acks) == 1, 5)
    assert smsc.receipt_acks[0][1] == Status.RX_T_APPN
