"""The notification port for SMS: one message in, the SMS centre's ids out.

Adapters (SMPP, HTTP gateway, file folder) raise one of two errors, split by what
the caller should do next: `SmsTemporaryError` (the link, the centre or the
gateway is unwell: try again later) or `SmsPermanentError` (this number or text is
refused: trying again cannot help). A setting that cannot work is an
`SmsConfigError`, raised when the adapter is built, not when a message is sent.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from server_sync.kernel.personal_data import mask_phone

# (SMSC message id, receipt state such as "DELIVRD" or "UNDELIV", when we heard of it)
ReceiptCallback = Callable[[str, str, datetime], None]

_MSISDN = re.compile(r"\+?\d{7,15}")
_ALNUM_SENDER = re.compile(r"[A-Za-z0-9 .\-_]{1,11}")


@dataclass(frozen=True, repr=False)
class SmsMessage:
    """One SMS to one phone. `to` is international (`+994501234567`); `sender` is
    the alphanumeric sender id or number shown to the citizen (None: the settings'
    `sms.sender`); `reference` is the caller's key for this message (its outbox id),
    passed on to gateways that take one and used to tie the parts together."""

    to: str
    text: str
    sender: str | None = None
    reference: str = ""

    def __repr__(self) -> str:  # a message in a traceback or a log line stays masked
        return (
            f"SmsMessage(to={mask_phone(self.to)!r}, text=<{len(self.text)} chars>, "
            f"sender={self.sender!r}, reference={self.reference!r})"
        )


@dataclass(frozen=True)
class SendResult:
    """What the SMS centre said: its message id for each part it accepted (an HTTP
    gateway may give one id or none), how many parts, and the data coding used."""

    message_ids: tuple[str, ...]
    parts: int
    data_coding: int | None = None


class SmsError(Exception):
    """Sending failed; the subclass says whether to try again."""


class SmsTemporaryError(SmsError):
    """Try again later: link down, centre busy or throttling, no answer in time.

    `maybe_sent` is True when the message (or some of its parts) may have reached
    the centre before the link failed, so a retry could deliver it twice.
    `retry_after_s` is the wait the centre asked for, when it said one.
    """

    def __init__(
        self, message: str, *, maybe_sent: bool = False, retry_after_s: float | None = None
    ) -> None:
        super().__init__(message)
        self.maybe_sent = maybe_sent
        self.retry_after_s = retry_after_s


class SmsPermanentError(SmsError):
    """The centre refused this number or text; sending it again cannot help."""


class SmsConfigError(ValueError):
    """The SMS settings cannot work (bad URL, template, sender id); one line saying why."""


class SmsSender(Protocol):
    """Sends SMS. Implementations are safe to call from several threads."""

    def send(self, message: SmsMessage) -> SendResult: ...

    def close(self) -> None: ...


def destination_digits(to: str) -> str:
    """The number as the SMS centre wants it (`994501234567`): international digits,
    spaces and dashes allowed in the input; anything else is a permanent refusal."""
    compact = re.sub(r"[\s\-()]", "", to)
    if not _MSISDN.fullmatch(compact):
        raise SmsPermanentError(f"not an international phone number: {mask_phone(to)}")
    return compact.lstrip("+")


def check_sender(sender: str) -> tuple[str, int, int]:
    """(address, TON, NPI) of a sender id: a number (international, TON 1 / NPI 1) or
    up to 11 letters and digits (alphanumeric, TON 5 / NPI 0). ValueError otherwise."""
    compact = sender.strip()
    if re.fullmatch(r"\+?\d{3,15}", compact):
        return compact.lstrip("+"), 1, 1
    if _ALNUM_SENDER.fullmatch(compact) and not compact.isdigit():
        return compact, 5, 0
    raise ValueError(
        f"sender id {sender!r} must be a number or 1-11 Latin letters and digits (e.g. ASAN)"
    )
