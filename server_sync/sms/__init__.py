"""SMS to citizens: the notification port and its adapters (SMPP, HTTP gateway,
folder), chosen by `sms.url`, plus an SMPP centre emulator for tests and the demo.

Other code imports from here; the adapters' own modules load only when chosen.
"""

from server_sync.sms.factory import sender_from_settings, sender_from_url
from server_sync.sms.fake import FakeSmsSender
from server_sync.sms.port import (
    ReceiptCallback,
    SendResult,
    SmsConfigError,
    SmsError,
    SmsMessage,
    SmsPermanentError,
    SmsSender,
    SmsTemporaryError,
)

__all__ = [
    "FakeSmsSender",
    "ReceiptCallback",
    "SendResult",
    "SmsConfigError",
    "SmsError",
    "SmsMessage",
    "SmsPermanentError",
    "SmsSender",
    "SmsTemporaryError",
    "sender_from_settings",
    "sender_from_url",
]
