"""`https://…`: SMS through a provider's HTTP gateway, shaped by the `sms.http_*` keys.

The URL is the endpoint; the template says which fields carry the number and the
text, as a form, a JSON body or a URL query; the secret goes in a header (or a
field). Success is HTTP 2xx and, when configured, a JSON field or a regex. Blame
decides the error: a refusal of this message (other 4xx, a failed success check) is
permanent; an unwell or misconfigured gateway (5xx, 401/403, 408, 429, timeouts,
no connection) is temporary, so messages wait until it is well or fixed.
"""

from __future__ import annotations

import ipaddress
import logging
import re
import threading
from typing import Any
from urllib.parse import urlsplit

import requests

from server_sync.config import SmsSettings
from server_sync.kernel.personal_data import mask_phone, mask_text
from server_sync.sms.encoding import split_text
from server_sync.sms.http_template import RequestTemplate, json_field
from server_sync.sms.port import (
    SendResult,
    SmsConfigError,
    SmsMessage,
    SmsPermanentError,
    SmsTemporaryError,
    check_sender,
    destination_digits,
)
from server_sync.sms.url import HttpAddress

log = logging.getLogger("asanq.sms")
# 4xx answers that blame the gateway's state or our credentials, not the message.
_TEMPORARY_4XX = frozenset({401, 403, 407, 408, 425, 429})


class HttpGatewaySender:
    """The HTTP adapter of the SMS port; one `requests.Session` (keep-alive) for all."""

    def __init__(
        self, address: HttpAddress, settings: SmsSettings, session: requests.Session | None = None
    ) -> None:
        try:
            check_sender(settings.sender)
        except ValueError as exc:
            raise SmsConfigError(f"sms.sender: {exc}") from None
        self.address = address
        self._s = settings
        self._template = RequestTemplate(settings.http_body, settings.http_format)
        self._headers = _headers(settings)
        try:
            self._success = re.compile(settings.http_success_regex)
        except re.error as exc:
            raise SmsConfigError(f"sms.http_success_regex: {exc}") from None
        if address.url.startswith("http://") and not _is_loopback(address.url):
            log.warning(
                "SMS gateway %s is plain http: the secret travels in clear", address.redacted
            )
        self._session = session or requests.Session()
        self._lock = threading.Lock()  # requests.Session is not documented thread-safe

    def send(self, message: SmsMessage) -> SendResult:
        digits = destination_digits(message.to)
        sender = message.sender or self._s.sender
        try:
            check_sender(sender)
        except ValueError as exc:
            raise SmsPermanentError(str(exc)) from None
        if not message.text:
            raise SmsPermanentError("an SMS needs some text")
        values = {
            "to": "+" + digits,
            "text": message.text,
            "sender": sender,
            "reference": message.reference,
            "secret": self._s.http_secret or "",
        }
        request: dict[str, Any] = {"headers": self._headers}
        if self._template.format == "json":
            request["json"] = self._template.fill_json(values)
        elif self._template.format == "form":
            request["data"] = self._template.fill_pairs(values)
        else:
            request["params"] = self._template.fill_pairs(values)
        try:
            with self._lock:
                answer = self._session.request(
                    self._s.http_method,
                    self.address.url,
                    timeout=(self._s.timeout_s, self._s.timeout_s),
                    allow_redirects=False,
                    **request,
                )
        except requests.Timeout:
            raise SmsTemporaryError(
                f"SMS gateway {self.address.redacted}: no answer within {self._s.timeout_s:g} s",
                maybe_sent=True,
            ) from None
        except requests.RequestException as exc:
            raise SmsTemporaryError(
                f"SMS gateway {self.address.redacted}: {type(exc).__name__}"
            ) from None
        message_id = self._check(answer)
        coding, chunks = split_text(message.text)
        log.info(
            "sms to %s accepted by %s (HTTP %d)",
            mask_phone(message.to),
            self.address.redacted,
            answer.status_code,
        )
        return SendResult((message_id,) if message_id else (), len(chunks), coding)

    def close(self) -> None:
        self._session.close()

    def _check(self, answer: requests.Response) -> str:
        """The gateway's message id ("" without one); raises unless it accepted."""
        code, where = answer.status_code, self.address.redacted
        if not 200 <= code < 300:
            why = f"SMS gateway {where} answered HTTP {code}: {_snippet(answer.text)}"
            if code >= 500 or code in _TEMPORARY_4XX:
                raise SmsTemporaryError(why, retry_after_s=_retry_after(answer))
            raise SmsPermanentError(why)
        document: Any = None
        if self._s.http_success_field or self._s.http_message_id_field:
            try:
                document = answer.json()
            except ValueError:
                raise SmsPermanentError(f"SMS gateway {where} answered no JSON") from None
        if self._s.http_success_field:
            found, value = json_field(document, self._s.http_success_field)
            if not found or not self._success.search(str(value)):
                raise SmsPermanentError(
                    f"SMS gateway {where} refused: {self._s.http_success_field} = {value!r}"
                )
        elif self._s.http_success_regex and not self._success.search(answer.text):
            raise SmsPermanentError(f"SMS gateway {where} refused: {_snippet(answer.text)}")
        if self._s.http_message_id_field:
            found, value = json_field(document, self._s.http_message_id_field)
            return str(value) if found and value is not None else ""
        return ""


def _headers(settings: SmsSettings) -> dict[str, str]:
    headers: dict[str, str] = {}
    for line in settings.http_headers:
        name, colon, value = line.partition(":")
        if not colon or not name.strip():
            raise SmsConfigError(f"sms.http_headers: {line!r} is not 'Name: value'")
        headers[name.strip()] = value.strip()
    if settings.http_secret and settings.http_auth_header:
        headers[settings.http_auth_header] = settings.http_secret
    return headers


def _retry_after(answer: requests.Response) -> float | None:
    value = answer.headers.get("Retry-After", "")
    return float(value) if value.strip().isdigit() else None


def _snippet(text: str) -> str:
    """The start of a gateway's answer, on one line, numbers masked."""
    return mask_text(" ".join(text.split())[:120]) or "(empty)"


def _is_loopback(url: str) -> bool:
    host = urlsplit(url).hostname or ""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
