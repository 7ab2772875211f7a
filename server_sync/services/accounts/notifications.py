"""How activation and reset codes reach a citizen: the `Notifications` port.

The notification service `server_sync.services.notify.Notices` implements it: e-mail
through the mail outbox, SMS through the durable SMS outbox, refused with
`SmsNotConfigured` when `sms.url` is empty. It enqueues in the caller's transaction,
so a code is sent if and only if its hash was stored.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal, Protocol

import sqlalchemy as sa

MAIL_KIND = "account_code"


class SmsNotConfigured(Exception):
    """SMS are off here (`sms.url` is empty): the citizen must choose e-mail."""


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
