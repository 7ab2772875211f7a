"""Sending and checking confirmation codes (təsdiqedici şifrə).

`request_code` applies the anti-bot check and the resend limits, stores the
code's hash and queues the e-mail in one transaction. `issue` is the bare
step without limits or mail: the benchmark uses it to pre-issue codes from
Python; no HTTP route calls it directly.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from server_sync.config import BookingSettings
from server_sync.domain import antibot
from server_sync.domain.confirmation import (
    CodeCheck,
    SendLimits,
    StoredCode,
    check_code,
    keyed_hash,
    new_code,
    normalise_email_key,
    send_refusal,
)
from server_sync.domain.validation import FieldProblem, check_email
from server_sync.kernel.clock import Clock
from server_sync.kernel.personal_data import mask_email
from server_sync.services.errors import Refusal, refuse
from server_sync.store import booking_sql
from server_sync.store import repositories as repo

log = logging.getLogger("asanq.server")


class WrongCode(Refusal):
    """A wrong confirmation code; `code_id` names the try to count."""

    def __init__(self, code_id: int) -> None:
        super().__init__(422, [FieldProblem("confirmation_code", CodeCheck.WRONG.value)])
        self.code_id = code_id


class CodeService:
    def __init__(self, engine: Engine, booking: BookingSettings, secret: str, clock: Clock) -> None:
        self._engine = engine
        self._booking = booking
        self._secret = secret
        self._clock = clock

    def email_key(self, email: str) -> str:
        return keyed_hash(self._secret, "email", normalise_email_key(email))

    def client_key(self, client: str) -> str:
        return keyed_hash(self._secret, "client", client)

    def new_challenge(self) -> str:
        return antibot.issue_challenge(self._secret, self._clock.now())

    def request_code(
        self,
        email: str,
        client: str,
        language: str,
        challenge: str = "",
        nonce: str = "",
        captcha_passed: bool = False,
    ) -> datetime:
        """Send a fresh code to `email`; returns when it expires. Raises `Refusal`.

        `captcha_passed`: the caller checked an image captcha instead of the proof of
        work (the booking page without JavaScript)."""
        try:
            address = check_email(email)
        except FieldProblem as problem:
            raise Refusal(422, [problem]) from None
        now = self._clock.now()
        if self._booking.antibot and not captcha_passed:
            reason = antibot.challenge_problem(
                self._secret,
                challenge,
                address,
                nonce,
                self._booking.antibot_difficulty_bits,
                now,
            )
            if reason:
                raise refuse(422, "challenge", reason)
        limits = SendLimits(
            self._booking.code_resend_seconds,
            self._booking.codes_per_email_per_hour,
            self._booking.codes_per_client_per_hour,
        )
        email_key, client_key = self.email_key(address), self.client_key(client)
        with self._engine.begin() as conn:
            latest = repo.latest_code(conn, email_key)
            by_email, by_client = repo.codes_sent_since(
                conn, now - timedelta(hours=1), email_key, client_key
            )
            refusal = send_refusal(
                limits, now, latest.created_at if latest else None, by_email, by_client
            )
            if refusal:
                field = "client" if refusal[0] == "too_many_codes_client" else "email"
                raise refuse(429, field, refusal[0], retry_after=refusal[1])
            code, expires = self._store(conn, email_key, client_key, now)
            repo.enqueue_mail(
                conn,
                "confirmation_code",
                address,
                language,
                {"code": code, "ttl_minutes": self._booking.code_ttl_minutes},
                now,
            )
        log.info("confirmation code queued for %s", mask_email(address))
        return expires

    def issue(self, email: str, client: str = "bench") -> str:
        """Store a code for `email` with no limits and no mail; returns the code."""
        now = self._clock.now()
        with self._engine.begin() as conn:
            code, _ = self._store(conn, self.email_key(email), self.client_key(client), now)
        return code

    def issue_many(self, emails: list[str], client: str = "bench") -> list[str]:
        """`issue` for many e-mails in one transaction (benchmarks, load tests)."""
        now = self._clock.now()
        with self._engine.begin() as conn:
            return [
                self._store(conn, self.email_key(e), self.client_key(client), now)[0]
                for e in emails
            ]

    def _store(
        self, conn: sa.Connection, email_key: str, client_key: str, now: datetime
    ) -> tuple[str, datetime]:
        code = new_code()
        expires = now + timedelta(minutes=self._booking.code_ttl_minutes)
        repo.insert_code(
            conn,
            {
                "email_key": email_key,
                "client_key": client_key,
                "code_hash": keyed_hash(self._secret, "code", email_key, code),
                "created_at": now,
                "expires_at": expires,
            },
        )
        return code, expires

    def count_wrong(self, code_id: int) -> None:
        with self._engine.begin() as conn:
            repo.count_wrong_try(conn, code_id)

    def use_of(self, email: str, typed: str) -> booking_sql.CodeUse:
        """What the booking statement needs to use the typed code (hashes only)."""
        email_key = self.email_key(email)
        return booking_sql.CodeUse(
            email_key,
            keyed_hash(self._secret, "code", email_key, typed.strip()),
            self._clock.now(),
            self._booking.code_max_tries,
        )

    def refusal(self, conn: sa.Connection, email: str, typed: str) -> Refusal:
        """Why the typed code could not be used (the booking statement refused it).

        A wrong code gives `WrongCode`: the caller counts the try with
        `count_wrong` after its transaction has rolled back, so the count sticks
        though the booking is refused. The last allowed wrong try burns the code.
        """
        email_key = self.email_key(email)
        typed = typed.strip()
        typed_hash = keyed_hash(self._secret, "code", email_key, typed)
        now = self._clock.now()
        max_tries = self._booking.code_max_tries
        row = repo.latest_code(conn, email_key)  # why not? (the rare path)
        stored = (
            StoredCode(row.code_hash, row.expires_at, row.tries, row.used_at is not None)
            if row
            else None
        )
        verdict = check_code(stored, typed, typed_hash, now, max_tries)
        if verdict is CodeCheck.OK:
            verdict = CodeCheck.USED  # another request used it a moment ago
        if verdict is CodeCheck.WRONG and row is not None:
            return WrongCode(row.id)
        status = 429 if verdict is CodeCheck.BURNED else 422
        return refuse(status, "confirmation_code", verdict.value)
