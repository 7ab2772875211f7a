"""`sms.url` parsing and the adapter it chooses; bad URLs are one line, password hidden."""

from __future__ import annotations

from pathlib import Path

import pytest

from server_sync.config import SmsSettings
from server_sync.sms import SmsConfigError, sender_from_settings, sender_from_url
from server_sync.sms.file_sink import FileSmsSink
from server_sync.sms.url import FileAddress, HttpAddress, SmppAddress, parse_sms_url, redact


def test_smpp_urls() -> None:
    assert parse_sms_url("smpp://asan:s3cret@smsc.example.az") == SmppAddress(
        "smsc.example.az", 2775, "asan", "s3cret"
    )
    address = parse_sms_url(
        "SMPP://id%40x:p%3Aw@10.0.0.5:3000?receipts=transceiver&system_type=VMA"
    )
    assert address == SmppAddress("10.0.0.5", 3000, "id@x", "p:w", "VMA", "transceiver")
    assert isinstance(address, SmppAddress)
    assert address.redacted == "smpp://id@x:***@10.0.0.5:3000"


def test_http_and_file_urls() -> None:
    assert parse_sms_url("https://gw.example.az/api/send?x=1") == HttpAddress(
        "https://gw.example.az/api/send?x=1"
    )
    assert parse_sms_url("file://var/sms") == FileAddress(Path("var/sms"))
    assert parse_sms_url("file:///srv/asanq/sms") == FileAddress(Path("/srv/asanq/sms"))
    assert parse_sms_url("file://localhost/srv/sms") == FileAddress(Path("/srv/sms"))


@pytest.mark.parametrize(
    ("url", "why"),
    [
        ("", "no scheme"),
        ("smsc.example.az:2775", "no scheme"),
        ("smtp://mail", "unknown scheme 'smtp'"),
        ("smpp://smsc.example.az", "no system_id"),
        ("smpp://asan:pw@", "no host"),
        ("smpp://asan:pw@host:99999", "port"),
        ("smpp://asan:pw@host/path", "no path"),
        ("smpp://a-very-long-system-id:pw@host", "15"),
        ("smpp://asan:ninechars@host", "password of 8"),
        ("smpp://asan:pw@host?receipts=maybe", "receipts must be"),
        ("smpp://asan:pw@host?window=5", "unknown SMPP option(s) window"),
        ("https://", "no host"),
        ("file://", "no folder"),
        ("file://var/sms?x=1", "just a folder"),
    ],
)
def test_bad_urls_say_why_in_one_line(url: str, why: str) -> None:
    with pytest.raises(SmsConfigError) as caught:
        parse_sms_url(url)
    message = str(caught.value)
    assert why in message
    assert "\n" not in message
    assert "smpp://SYSTEM_ID:PASSWORD@HOST:2775" in message  # what a good one looks like


def test_the_password_never_appears_in_an_error() -> None:
    with pytest.raises(SmsConfigError) as caught:
        parse_sms_url("smpp://asan:hunter2@host?bad=1")
    assert "hunter2" not in str(caught.value)
    assert "smpp://asan:***@host?bad=1" in str(caught.value)
    assert redact("https://user:tok@gw/x") == "https://user:***@gw/x"
    assert redact("https://gw/x") == "https://gw/x"


def test_the_factory_picks_the_adapter_and_empty_means_off(tmp_path: Path) -> None:
    assert sender_from_settings(SmsSettings()) is None
    sink = sender_from_settings(SmsSettings(url=f"file://{tmp_path}"))
    assert isinstance(sink, FileSmsSink)
    assert sink.folder == tmp_path
    from server_sync.sms.http_gateway import HttpGatewaySender
    from server_sync.sms.smpp import SmppSender

    assert isinstance(sender_from_url("smpp://a:b@h", SmsSettings()), SmppSender)
    assert isinstance(sender_from_url("https://gw/x", SmsSettings()), HttpGatewaySender)


def test_a_bad_sender_id_fails_when_the_adapter_is_built() -> None:
    with pytest.raises(SmsConfigError, match="sms.sender"):
        sender_from_url("smpp://a:b@h", SmsSettings(sender="ASAN xidmət mərkəzi"))
