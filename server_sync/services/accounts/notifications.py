"""How activation and reset codes reach a citizen: the `Notifications` port.

The durable SMS outbox and its notification service (`server_sync.services.notify`,
branch sms-outbox) implement this same method; until they are merged,
`MailOnlyNotifications` sends e-mail through the mail outbox and refuses SMS with
`SmsNotConfigured`. Both enqueue in the caller's transaction, so a code is sent if
and only if its hash was stored.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal, Protocol

import sqlalchemy as sa

from server_sync.store import repositories as repo

MAIL_KIND = "account_code"


class SmsNotConfigured(Exception):
    """No SMS channel in this service yet: the citizen must choose e-mail."""


class Notifications(Protocol):
    def send_code(
        self,
        conn: sa.Connection,
        *,
        channel: Literal["email", "sms"],
        to: str,
        language: str,
        purpose: str,
        code: str,
        ttl_minutes: int,
        subject_key: str,
        now: datetime,
    ) -> None:
        """Enqueue an activation or reset code message in the caller's transaction."""
        ...


class MailOnlyNotifications:
    """The interim adapter: e-mail via the mail outbox; SMS refused."""

    def send_code(
        self,
        conn: sa.Connection,
        *,
        channel: Literal["email", "sms"],
        to: str,
        language: str,
        purpose: str,
        code: str,
        ttl_minutes: int,
        subject_key: str,
        now: datetime,
    ) -> None:
        if channel == "sms":
            raise SmsNotConfigured("SMS not configured: no SMS notification service yet")
        payload = {
            "code": code,
            "ttl_minutes": ttl_minutes,
            "purpose": purpose,
            "subject_key": subject_key,
        }
        repo.enqueue_mail(conn, MAIL_KIND, to, language, payload, now)
