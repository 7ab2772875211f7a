"""An SMS sent again with the same outbox reference (after a lost answer) carries the
same `user_message_reference` and UDH reference, and the emulator keeps one copy."""

from __future__ import annotations

import struct

from server_sync.sms import SmsMessage
from server_sync.sms.emulator import SmscEmulator
from server_sync.sms.smpp_codes import Tag
from tests.integration.sms.conftest import MakeSender

TO = "+994501234567"
LONG = "Növbəniz yaxınlaşır. " * 8  # UCS-2, three parts


def _tlv(pdu: bytes, tag: int) -> bytes | None:
    """The value of TLV `tag` among a submit_sm's optional parameters (they follow
    short_message; scanned from its end)."""
    marker = struct.pack(">H", tag)
    at = pdu.rfind(marker)
    if at < 0:
        return None
    (length,) = struct.unpack(">H", pdu[at + 2 : at + 4])
    return pdu[at + 4 : at + 4 + length]


def test_a_repeat_with_the_same_reference_is_stored_once(
    smsc: SmscEmulator, make_sender: MakeSender
) -> None:
    sender = make_sender()
    message = SmsMessage(TO, LONG, reference="3f2a9c0d11e4b7a85c66")
    first = sender.send(message)
    again = sender.send(message)
    assert first.parts == 3
    assert again.message_ids == first.message_ids  # the centre's ids of the first copy
    (stored,) = smsc.wait_for_messages(1, 5)
    assert smsc.repeats == 3
    assert stored.text == LONG
    references = {_tlv(p.pdu, Tag.USER_MESSAGE_REFERENCE) for p in stored.parts}
    assert len(references) == 1
    assert len(references.pop() or b"") == 2
    assert len({p.concat.reference for p in stored.parts if p.concat}) == 1


def test_the_same_text_as_a_new_sms_is_not_a_repeat(
    smsc: SmscEmulator, make_sender: MakeSender
) -> None:
    sender = make_sender()
    sender.send(SmsMessage(TO, "ASAN: code 123456", reference="a1"))
    sender.send(SmsMessage(TO, "ASAN: code 123456", reference="b2"))
    sender.send(SmsMessage(TO, "ASAN: code 123456"))  # no reference: never filtered
    sender.send(SmsMessage(TO, "ASAN: code 123456"))
    assert len(smsc.wait_for_messages(4, 5)) == 4
    assert smsc.repeats == 0
