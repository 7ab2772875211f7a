"""Activation and password-reset codes (aktivasiya kodu): six digits, hashed, expiring,
a few tries, resends limited; sent by e-mail or SMS through the `Notifications` port."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any, Literal, cast

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from server_sync.config import AccountSettings
from server_sync.domain.confirmation import (
    CodeCheck,
    SendLimits,
    StoredCode,
    check_code,
    keyed_hash,
    new_code,
    send_refusal,
)
from server_sync.kernel.clock import Clock
from server_sync.kernel.i18n import N_
from server_sync.services.accounts.notifications import Notifications, SmsNotConfigured
from server_sync.services.errors import refuse
from server_sync.store import account_sql

SUBJECTS = {
    "activation": N_("mail.account.activation.subject"),
    "reset": N_("mail.account.reset.subject"),
}
#: The confirmation-code verdicts, in the words of an account code.
_VERDICTS = {
    CodeCheck.MISSING: "account_code_missing",
    CodeCheck.EXPIRED: "account_code_expired",
    CodeCheck.USED: "account_code_used",
    CodeCheck.WRONG: "account_code_wrong",
    CodeCheck.BURNED: "account_code_burned",
}


class AccountCodes:
    def __init__(
        self,
        engine: Engine,
        settings: AccountSettings,
        secret: str,
        clock: Clock,
        notifications: Notifications,
    ) -> None:
        self._engine = engine
        self._settings = settings
        self._secret = secret
        self._clock = clock
        self._notifications = notifications

    def _hash(self, citizen_id: int, purpose: str, code: str) -> str:
        return keyed_hash(self._secret, "account-code", str(citizen_id), purpose, code)

    def send(
        self, conn: sa.Connection, citizen: Any, purpose: str, channel: str, language: str
    ) -> datetime:
        """Store a fresh code's hash and enqueue its message; returns its expiry."""
        now = self._clock.now()
        latest = account_sql.latest_code(conn, citizen.id, purpose)
        limits = SendLimits(
            self._settings.code_resend_seconds, self._settings.codes_per_account_per_hour, 10**9
        )
        sent = account_sql.codes_since(conn, citizen.id, now - timedelta(hours=1))
        refusal = send_refusal(limits, now, latest.created_at if latest else None, sent, 0)
        if refusal:
            raise refuse(429, "channel", refusal[0], retry_after=refusal[1])
        code = new_code()
        expires = now + timedelta(minutes=self._settings.code_ttl_minutes)
        account_sql.insert_code(
            conn,
            {
                "citizen_id": citizen.id,
                "purpose": purpose,
                "channel": channel,
                "code_hash": self._hash(citizen.id, purpose, code),
                "created_at": now,
                "expires_at": expires,
            },
        )
        to = citizen.email if channel == "email" else citizen.proof_mobile
        try:
            self._notifications.send_code(
                conn,
                channel=cast(Literal["email", "sms"], channel),
                to=to,
                language=language,
                purpose=purpose,
                code=code,
                ttl_minutes=self._settings.code_ttl_minutes,
                subject_key=SUBJECTS[purpose],
                now=now,
            )
        except SmsNotConfigured:
            raise refuse(422, "channel", "sms_not_configured") from None
        return expires

    def use(self, citizen_id: int, purpose: str, typed: str) -> str:
        """Use the latest code if `typed` is it; returns the channel it went by."""
        typed = typed.strip()
        if not typed:
            raise refuse(422, "code", "required")
        now = self._clock.now()
        max_tries = self._settings.code_max_tries
        with self._engine.begin() as conn:
            row = account_sql.latest_code(conn, citizen_id, purpose)
            stored = (
                StoredCode(row.code_hash, row.expires_at, row.tries, row.used_at is not None)
                if row
                else None
            )
            verdict = check_code(
                stored, typed, self._hash(citizen_id, purpose, typed), now, max_tries
            )
            if verdict is CodeCheck.OK and row is not None:
                if account_sql.use_code(conn, row.id, max_tries, now):
                    return str(row.channel)
                verdict = CodeCheck.USED
        if verdict is CodeCheck.WRONG and row is not None:
            with self._engine.begin() as conn:
                account_sql.count_code_try(conn, row.id)
        status = 429 if verdict is CodeCheck.BURNED else 422
        raise refuse(status, "code", _VERDICTS[verdict])
