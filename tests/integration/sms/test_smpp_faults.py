"""A misbehaving SMS centre: refusals, throttling, a cut link, silence, slowness,
wrong credentials. Each ends in the right error type within the time bound."""

from __future__ import annotations

import time

import pytest

from server_sync.sms import SmsMessage, SmsPermanentError, SmsTemporaryError
from server_sync.sms.emulator import SmscEmulator, SmscFault
from server_sync.sms.smpp_codes import Command, Status

from .conftest import TIMEOUT_S, MakeSender, wait_until

PHONE = "+994551234567"


def test_a_wrong_password_is_a_clear_error_that_does_not_knock_again(
    smsc: SmscEmulator, make_sender: MakeSender
) -> None:
    host, port = smsc.address
    sender = make_sender(f"smpp://asan:wrong@{host}:{port}")
    with pytest.raises(SmsTemporaryError) as caught:
        sender.send(SmsMessage(PHONE, "hi"))
    message = str(caught.value)
    assert "refused bind_transmitter as 'asan'" in message
    assert "ESME_RBINDFAIL (0x0000000D)" in message
    assert "check the system_id and password in sms.url" in message
    assert "wrong" not in message  # the password is never repeated
    assert caught.value.retry_after_s == pytest.approx(30, abs=1)
    with pytest.raises(SmsTemporaryError, match="refused bind"):
        sender.send(SmsMessage(PHONE, "hi"))
    assert [b.status for b in smsc.binds] == [Status.RBINDFAIL]  # one try, not two
    assert smsc.messages == []


def test_refuse_is_a_permanent_error_and_the_link_stays(
    smsc: SmscEmulator, make_sender: MakeSender
) -> None:
    sender = make_sender()
    smsc.fault = SmscFault.REFUSE
    with pytest.raises(SmsPermanentError, match=r"ESME_RSUBMITFAIL \(0x00000045\)"):
        sender.send(SmsMessage(PHONE, "hi"))
    smsc.refuse_status = Status.RINVDSTADR
    with pytest.raises(SmsPermanentError, match="ESME_RINVDSTADR"):
        sender.send(SmsMessage(PHONE, "hi"))
    smsc.fault = SmscFault.NONE
    sender.send(SmsMessage(PHONE, "now it goes"))
    assert [m.text for m in smsc.wait_for_messages(1, 5)] == ["now it goes"]
    assert len(smsc.binds) == 1


def test_throttling_is_temporary_with_a_retry_hint(
    smsc: SmscEmulator, make_sender: MakeSender
) -> None:
    sender = make_sender()
    smsc.fault = SmscFault.THROTTLE
    with pytest.raises(SmsTemporaryError, match="ESME_RTHROTTLED") as caught:
        sender.send(SmsMessage(PHONE, "hi"))
    assert caught.value.retry_after_s == 1.0
    assert caught.value.maybe_sent is False


def test_a_refused_second_part_says_the_first_may_be_delivered(
    smsc: SmscEmulator, make_sender: MakeSender
) -> None:
    sender = make_sender()
    smsc.fault = SmscFault.THROTTLE
    with pytest.raises(SmsTemporaryError) as caught:
        sender.send(SmsMessage(PHONE, "a" * 161))
    assert "part 1 of 2" in str(caught.value)  # both refused: the first is reported


def test_a_dropped_link_is_temporary_and_the_next_send_binds_again(
    smsc: SmscEmulator, make_sender: MakeSender
) -> None:
    sender = make_sender()
    sender.send(SmsMessage(PHONE, "first"))
    smsc.fault = SmscFault.DROP
    with pytest.raises(SmsTemporaryError) as caught:
        sender.send(SmsMessage(PHONE, "lost"))
    assert caught.value.maybe_sent is True
    smsc.fault = SmscFault.NONE
    sender.send(SmsMessage(PHONE, "after the drop"))
    assert [m.text for m in smsc.wait_for_messages(2, 5)] == ["first", "after the drop"]
    assert [b.kind for b in smsc.binds] == ["transmitter", "transmitter"]


def test_a_link_cut_while_idle_is_noticed_and_rebound_without_an_error(
    smsc: SmscEmulator, make_sender: MakeSender
) -> None:
    sender = make_sender()
    sender.send(SmsMessage(PHONE, "first"))
    smsc.drop_connections()
    assert wait_until(lambda: not sender.linked)  # the reader thread saw the link go
    sender.send(SmsMessage(PHONE, "second"))
    assert len(smsc.wait_for_messages(2, 5)) == 2
    assert len(smsc.binds) == 2


def test_a_silent_centre_times_out_within_the_bound(
    smsc: SmscEmulator, make_sender: MakeSender
) -> None:
    sender = make_sender()
    sender.send(SmsMessage(PHONE, "first"))
    smsc.fault = SmscFault.SILENT
    started = time.monotonic()
    with pytest.raises(SmsTemporaryError, match="no answer within") as caught:
        sender.send(SmsMessage(PHONE, "unanswered"))
    elapsed = time.monotonic() - started
    assert TIMEOUT_S * 0.9 <= elapsed < TIMEOUT_S * 3
    assert caught.value.maybe_sent is True
    # a bind to a silent centre is bounded too
    started = time.monotonic()
    with pytest.raises(SmsTemporaryError, match="cannot connect or bind_transmitter"):
        sender.send(SmsMessage(PHONE, "again"))
    assert time.monotonic() - started < TIMEOUT_S * 3


def test_silence_after_enquire_link_takes_the_link_down(
    smsc: SmscEmulator, make_sender: MakeSender
) -> None:
    sender = make_sender(enquire_link_s=0.1)
    sender.send(SmsMessage(PHONE, "first"))
    smsc.fault = SmscFault.SILENT
    assert smsc.wait_for(lambda: smsc.count(Command.ENQUIRE_LINK) >= 1, 5)
    assert wait_until(lambda: not sender.linked, TIMEOUT_S * 4)
    smsc.fault = SmscFault.NONE
    sender.send(SmsMessage(PHONE, "rebound"))
    assert len(smsc.binds) == 2


def test_a_slow_centre_within_the_timeout_still_delivers(
    smsc: SmscEmulator, make_sender: MakeSender
) -> None:
    smsc.fault, smsc.slow_s = SmscFault.SLOW, TIMEOUT_S / 4
    started = time.monotonic()
    make_sender().send(SmsMessage(PHONE, "slowly"))
    assert time.monotonic() - started >= 2 * smsc.slow_s  # bind, then submit_sm
    assert [m.text for m in smsc.wait_for_messages(1, 5)] == ["slowly"]


def test_nobody_listening_is_a_temporary_error(make_sender: MakeSender) -> None:
    sender = make_sender("smpp://asan:secret@127.0.0.1:9")
    with pytest.raises(SmsTemporaryError, match="cannot connect"):
        sender.send(SmsMessage(PHONE, "hi"))


@pytest.mark.parametrize(
    ("message", "why"),
    [
        (SmsMessage("0501234567x", "hi"), "not an international phone number"),
        (SmsMessage(PHONE, ""), "needs some text"),
        (SmsMessage(PHONE, "hi", sender="ASAN Xidmət"), "sender id"),
        (SmsMessage(PHONE, "a" * (153 * 255 + 1)), "at most 255"),
    ],
)
def test_bad_messages_are_refused_before_the_wire(
    smsc: SmscEmulator, make_sender: MakeSender, message: SmsMessage, why: str
) -> None:
    with pytest.raises(SmsPermanentError, match=why):
        make_sender().send(message)
    assert smsc.submits == 0
