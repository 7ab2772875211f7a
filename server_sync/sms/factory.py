"""The one place that turns `sms.url` into an adapter of the SMS port.

Only the chosen adapter's module is imported, so a centre that writes SMS to a
folder never loads smpplib or requests.
"""

from __future__ import annotations

from server_sync.config import SmsSettings
from server_sync.sms.port import ReceiptCallback, SmsConfigError, SmsSender
from server_sync.sms.url import FileAddress, HttpAddress, SmppAddress, parse_sms_url


def sender_from_url(
    url: str, settings: SmsSettings, *, on_receipt: ReceiptCallback | None = None
) -> SmsSender:
    """The adapter for `url`; SmsConfigError (one line, password hidden) when the URL
    or the settings that go with it cannot work. `on_receipt` is called with each
    delivery receipt (SMPP only)."""
    address = parse_sms_url(url)
    if isinstance(address, SmppAddress):
        from server_sync.sms.smpp import SmppSender

        return SmppSender(address, settings, on_receipt)
    if isinstance(address, HttpAddress):
        from server_sync.sms.http_gateway import HttpGatewaySender

        return HttpGatewaySender(address, settings)
    if isinstance(address, FileAddress):
        from server_sync.sms.file_sink import FileSmsSink

        return FileSmsSink(address.folder, settings.sender)
    raise SmsConfigError(f"unsupported SMS address {address!r}")  # pragma: no cover


def sender_from_settings(
    settings: SmsSettings, *, on_receipt: ReceiptCallback | None = None
) -> SmsSender | None:
    """The adapter of `sms.url`, or None when the URL is empty (SMS switched off)."""
    if not settings.url.strip():
        return None
    return sender_from_url(settings.url, settings, on_receipt=on_receipt)
