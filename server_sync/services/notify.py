"""The one notification service: every notice to a citizen, by e-mail and by SMS.

`Notices.send` queues, in the caller's transaction, the e-mail of a kind (Jinja
templates `mail_templates/<kind>.txt` and `.html`, subject `mail.<kind>.subject`)
and its SMS (catalogue text `sms.<kind>`, brace placeholders from the payload),
each only when its address is given; so a notice goes out if and only if the
caller's change was stored. The outboxes send them afterwards (`outbox.MailOutbox`,
`sms_outbox.SmsOutbox`). `send_code` is the accounts' `Notifications` port.

A kind whose template or text is missing is our bug: it raises at once
(`LookupError`, `MissingText`), in the caller's transaction, so nothing half-made
is queued.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any, Literal

import sqlalchemy as sa

from server_sync.kernel.i18n import N_, Translator, normalise
from server_sync.services.accounts.notifications import MAIL_KIND, SmsNotConfigured
from server_sync.services.mail_render import notice_template_names
from server_sync.services.sms_outbox import QueuedSms, enqueue_sms
from server_sync.store import repositories as repo

log = logging.getLogger("asanq.notify")

#: The SMS of an account code, by what the code is for.
CODE_TEXTS = {
    "activation": N_("sms.account_activation"),
    "reset": N_("sms.account_reset"),
}
#: The SMS texts of the notices sent here and at the centres (marked for extraction:
#: `sms.<kind>` is looked up by its kind). A new kind adds its text here.
SMS_TEXTS = (
    N_("sms.booking_confirmed"),  # {code} {date} {time} {centre}
    N_("sms.booking_reminder"),  # {code} {time} {centre}
    N_("sms.booking_cancelled"),  # {code} {date} {time}
    N_("sms.turn_near"),  # {ticket} {ahead}
)


class Notices:
    """Queues notices; `sms_table` is the store's SMS outbox, `sms_enabled` whether
    `sms.url` is set (without it no SMS is queued, and an SMS code is refused)."""

    def __init__(
        self,
        sms_table: sa.Table,
        secret: str,
        *,
        sms_enabled: bool,
        on_queued: Callable[[], None] = lambda: None,
    ) -> None:
        self._table = sms_table
        self._secret = secret
        self.sms_enabled = sms_enabled
        self._on_queued = on_queued

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
        """Enqueue, in the caller's transaction, the e-mail for `kind` (Jinja template
        server_sync/services/mail_templates/<kind>.txt/.html, subject msgid
        `mail.<kind>.subject`) and the SMS for `kind` (catalogue msgid `sms.<kind>`,
        python-format placeholders from payload), each only when its address is given."""
        language = normalise(language)
        values = dict(payload)
        if email:
            notice_template_names(kind)  # a kind without its template fails here, not later
            Translator(language)(f"mail.{kind}.subject", **values)
            repo.enqueue_mail(conn, kind, email, language, _jsonable(values), now)
        if phone and self.sms_enabled:
            self.sms(conn, kind=kind, phone=phone, language=language, payload=values, now=now)
        if email or (phone and self.sms_enabled):
            self._wake_after_commit(conn)

    def sms(
        self,
        conn: sa.Connection,
        *,
        kind: str,
        phone: str,
        language: str,
        payload: Mapping[str, Any],
        now: datetime,
        text_key: str | None = None,
        booking_id: int | None = None,
        dedupe_key: str | None = None,
        expires_at: datetime | None = None,
    ) -> bool:
        """Queue only the SMS of `kind` (text `text_key`, else `sms.<kind>`); False when
        SMS are off or `dedupe_key` was queued before."""
        if not self.sms_enabled:
            return False
        text = Translator(language)(text_key or f"sms.{kind}", **payload)
        queued = enqueue_sms(
            conn,
            self._table,
            QueuedSms(kind, phone, normalise(language), text, booking_id, dedupe_key, expires_at),
            now,
            self._secret,
        )
        if queued:
            self._wake_after_commit(conn)
        return queued

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
        """An account's activation or reset code, by e-mail or SMS (`Notifications`)."""
        if channel == "email":
            payload = {
                "code": code,
                "ttl_minutes": ttl_minutes,
                "purpose": purpose,
                "subject_key": subject_key,
            }
            repo.enqueue_mail(conn, MAIL_KIND, to, language, payload, now)
            self._wake_after_commit(conn)
            return
        if not self.sms_enabled:
            raise SmsNotConfigured("SMS are off: sms.url is empty")
        self.sms(
            conn,
            kind="account_code",
            phone=to,
            language=language,
            payload={"code": code, "minutes": ttl_minutes},
            now=now,
            text_key=CODE_TEXTS.get(purpose, CODE_TEXTS["activation"]),
        )

    def _wake_after_commit(self, conn: sa.Connection) -> None:
        """Wake the senders once the caller's transaction is committed (not before:
        PostgreSQL would not show them the rows yet)."""
        sa.event.listen(conn, "commit", lambda _conn: self._on_queued(), once=True)


def _jsonable(payload: Mapping[str, Any]) -> dict[str, Any]:
    """The payload as stored with the mail (dates and numbers as text where JSON has none)."""
    result: dict[str, Any] = json.loads(json.dumps(dict(payload), default=str))
    return result
