"""How a citizen hears of an application: the `ApplicationNotices` port.

Its one method has the shape of `Notices.send` of the durable SMS outbox (branch
sms-outbox); until that is merged, `InterimNotices` queues the e-mail in the mail
outbox in the caller's transaction and sends the SMS (text `sms.<kind>`) straight
through the SMS port when one is configured (else the SMS is skipped and logged).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import datetime
from typing import Any, Protocol

import sqlalchemy as sa

from server_sync.domain.applications import STATUS_WORDS
from server_sync.kernel.i18n import N_, Translator
from server_sync.kernel.personal_data import mask_phone
from server_sync.sms.port import SmsError, SmsMessage, SmsSender
from server_sync.store import repositories as repo

log = logging.getLogger("asanq.applications")


class SmsUnavailable(Exception):
    """No SMS could be sent (none configured, or the SMS centre refused it)."""


class ApplicationNotices(Protocol):
    def send(
        self,
        conn: sa.Connection,
        *,
        kind: str,
        language: str,
        email: str | None,
        phone: str | None,
        payload: Mapping[str, Any],
        now: datetime,
    ) -> None:
        """Queue the e-mail and the SMS of `kind` in the caller's transaction."""
        ...


#: The SMS text of each kind (`sms.<kind>`, as the SMS outbox's `Notices` expects).
SMS_KEYS = {
    "application_registered": N_("sms.application_registered"),
    "application_result": N_("sms.application_result"),
    "phone_code": N_("sms.phone_code"),
}


def sms_text(kind: str, language: str, payload: Mapping[str, Any]) -> str:
    tr = Translator(language)
    values = {k: str(v) for k, v in payload.items()}
    if "status" in values:
        values["status"] = tr(STATUS_WORDS.get(values["status"], STATUS_WORDS["registered"]))
    return tr(SMS_KEYS[kind], **values)


class InterimNotices:
    def __init__(self, sms: SmsSender | None = None) -> None:
        self._sms = sms

    def send(
        self,
        conn: sa.Connection,
        *,
        kind: str,
        language: str,
        email: str | None,
        phone: str | None,
        payload: Mapping[str, Any],
        now: datetime,
    ) -> None:
        if email:
            repo.enqueue_mail(conn, kind, email, language, dict(payload), now)
        if not phone:
            return
        if self._sms is None:
            if kind == "phone_code":
                raise SmsUnavailable("no SMS configured")
            log.info("no SMS configured: %s to %s skipped", kind, mask_phone(phone))
            return
        try:
            self._sms.send(SmsMessage(phone, sms_text(kind, language, payload)))
        except SmsError as exc:
            log.warning("SMS %s to %s failed: %s", kind, mask_phone(phone), type(exc).__name__)
            if kind == "phone_code":
                raise SmsUnavailable(type(exc).__name__) from None
