"""The smpplib adapter against our SMSC emulator on loopback: the bytes on the wire
(data_coding, esm_class, UDH) and the text that arrives."""

from __future__ import annotations

import json

from server_sync.sms import SmsMessage
from server_sync.sms.emulator import SmscEmulator
from server_sync.sms.emulator_wire import parse_submit_sm
from server_sync.sms.smpp_codes import Command

from .conftest import MakeSender

PHONE = "+994501234567"


def test_a_short_gsm7_message_goes_as_one_part_with_data_coding_0(
    smsc: SmscEmulator, make_sender: MakeSender
) -> None:
    result = make_sender().send(
        SmsMessage(PHONE, "Your order code: 1234 5678 9012", reference="m1")
    )
    assert (result.parts, result.data_coding) == (1, 0)
    [sms] = smsc.wait_for_messages(1, 5)
    assert (sms.text, sms.destination, sms.source, sms.data_coding) == (
        "Your order code: 1234 5678 9012",
        "994501234567",
        "ASAN",
        0,
    )
    [part] = sms.parts
    assert part.message_id == result.message_ids[0]
    assert (part.esm_class, part.udh, part.concat) == (0x00, b"", None)
    assert part.short_message == b"Your order code: 1234 5678 9012"  # unpacked septets
    submit = parse_submit_sm(part.pdu[16:])
    assert (submit.source_ton, submit.source_npi, submit.dest_ton, submit.dest_npi) == (5, 0, 1, 1)
    assert submit.registered_delivery == 0  # no receipt callback, no receipt asked
    stored = json.loads(sms.path.read_text("utf-8"))
    assert stored["text"] == "Your order code: 1234 5678 9012"
    assert stored["parts"][0]["short_message"] == part.short_message.hex()


def test_gsm7_extension_characters_are_escaped_on_the_wire(
    smsc: SmscEmulator, make_sender: MakeSender
) -> None:
    make_sender().send(SmsMessage(PHONE, "5 € [A]"))
    [sms] = smsc.wait_for_messages(1, 5)
    assert sms.parts[0].short_message == b"5 \x1be \x1b<A\x1b>"
    assert sms.text == "5 € [A]"


def test_azerbaijani_text_goes_as_ucs2_big_endian(
    smsc: SmscEmulator, make_sender: MakeSender
) -> None:
    text = "Hörmətli vətəndaş, növbəniz: A042. İsmayıllı, Şəki, Gəncə"
    result = make_sender().send(SmsMessage(PHONE, text))
    assert result.data_coding == 8
    [sms] = smsc.wait_for_messages(1, 5)
    assert (sms.data_coding, sms.text) == (8, text)
    assert sms.parts[0].short_message == text.encode("utf-16-be")
    assert sms.parts[0].short_message[:4] == b"\x00H\x00\xf6"  # H, ö


def test_a_400_character_message_goes_in_parts_with_udh_and_reassembles(
    smsc: SmscEmulator, make_sender: MakeSender
) -> None:
    text = ("Sifariş kodunuz 1234 5678 9012. Bakı 1 nömrəli ASAN xidmət mərkəzi. " * 6)[:400]
    result = make_sender().send(SmsMessage(PHONE, text, reference="outbox-17"))
    assert result.parts == 6
    assert len(set(result.message_ids)) == 6
    [sms] = smsc.wait_for_messages(1, 5)
    assert sms.text == text
    references = {p.concat.reference for p in sms.parts if p.concat}
    assert len(references) == 1
    for seq, part in enumerate(sms.parts, 1):
        assert part.esm_class == 0x40
        assert part.data_coding == 8
        assert part.udh == bytes((5, 0, 3, *references, 6, seq))
        assert len(part.short_message) <= 140
    assert sms.message_ids == result.message_ids


def test_a_long_gsm7_message_has_153_septets_a_part(
    smsc: SmscEmulator, make_sender: MakeSender
) -> None:
    text = "".join(str(i % 10) for i in range(400))
    result = make_sender().send(SmsMessage(PHONE, text))
    [sms] = smsc.wait_for_messages(1, 5)
    assert result.parts == 3
    assert sms.text == text
    assert [len(p.payload) for p in sms.parts] == [153, 153, 94]
    assert all(p.data_coding == 0 for p in sms.parts)


def test_messages_share_one_bound_link(smsc: SmscEmulator, make_sender: MakeSender) -> None:
    sender = make_sender()
    for n in range(5):
        sender.send(SmsMessage(PHONE, f"message {n}"))
    assert [m.text for m in smsc.wait_for_messages(5, 5)] == [f"message {n}" for n in range(5)]
    assert [(b.kind, b.system_id) for b in smsc.binds] == [("transmitter", "asan")]
    sender.close()
    assert smsc.wait_for(lambda: smsc.count(Command.UNBIND) == 1, 5)


def test_the_keep_alive_enquire_link_flows_when_idle(
    smsc: SmscEmulator, make_sender: MakeSender
) -> None:
    sender = make_sender(enquire_link_s=0.1)
    sender.send(SmsMessage(PHONE, "hello"))
    assert smsc.wait_for(lambda: smsc.count(Command.ENQUIRE_LINK) >= 2, 5)
    sender.send(SmsMessage(PHONE, "still bound"))
    assert len(smsc.binds) == 1


def test_a_sender_id_that_is_a_number_goes_as_international(
    smsc: SmscEmulator, make_sender: MakeSender
) -> None:
    make_sender().send(SmsMessage(PHONE, "hi", sender="+994125550108"))
    [sms] = smsc.wait_for_messages(1, 5)
    submit = parse_submit_sm(sms.parts[0].pdu[16:])
    assert (submit.source, submit.source_ton, submit.source_npi) == ("994125550108", 1, 1)


def test_stored_files_never_overwrite_across_restarts(tmp_path, make_sender: MakeSender) -> None:
    out = tmp_path / "again"
    for run in range(2):
        with SmscEmulator(out) as smsc:
            sender = make_sender(smsc.url)
            sender.send(SmsMessage(PHONE, f"run {run}"))
            smsc.wait_for_messages(1, 5)
            sender.close()
    texts = sorted(json.loads(p.read_text("utf-8"))["text"] for p in out.glob("*.json"))
    assert texts == ["run 0", "run 1"]
