"""The durable mail outbox: messages are queued in the booking's transaction
and sent afterwards, with retries and back-off, by whichever worker claims
them first. A sent message's payload is emptied: codes and names do not stay
in the outbox."""

from __future__ import annotations

import json
import logging
from datetime import timedelta
from email.message import EmailMessage

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from server_sync.config import BookingSettings, ServerSettings, SmtpSettings
from server_sync.kernel.clock import Clock
from server_sync.kernel.personal_data import mask_email
from server_sync.services.application_mail import APPLICATION_MAIL_KINDS, application_mail
from server_sync.services.catalogue_service import CatalogueService
from server_sync.services.mail_render import (
    BookingFacts,
    account_code_mail,
    booking_mail,
    code_mail,
    notice_mail,
)
from server_sync.services.mailer import Mailer, MailError
from server_sync.store import repositories as repo
from server_sync.store.tables import bookings, mail_outbox

log = logging.getLogger("asanq.mail")

LEASE_SECONDS = 120
BOOKING_KINDS = frozenset({"booking_confirmed", "booking_reminder", "booking_cancelled"})


class MailOutbox:
    def __init__(
        self,
        engine: Engine,
        mailer: Mailer,
        catalogue: CatalogueService,
        smtp: SmtpSettings,
        server: ServerSettings,
        booking: BookingSettings,
        clock: Clock,
    ) -> None:
        self._engine = engine
        self._mailer = mailer
        self._catalogue = catalogue
        self._smtp = smtp
        self._server = server
        self._booking = booking
        self._clock = clock

    def send_due(self, limit: int = 50) -> int:
        """Send what is due now; returns how many were sent."""
        now = self._clock.now()
        with self._engine.begin() as conn:
            claimed = repo.claim_due_mail(conn, now, LEASE_SECONDS, limit)
        sent = 0
        for row in claimed:
            try:
                message = self._render(row)
                self._mailer.send(message)
            except MailError as exc:
                self._failed(row, str(exc))
                continue
            except Exception as exc:  # our bug: log loudly, keep the queue moving
                log.exception("cannot render mail %s", row.id)
                self._failed(row, f"render: {type(exc).__name__}", final=True)
                continue
            with self._engine.begin() as conn:
                conn.execute(
                    mail_outbox.update()
                    .where(mail_outbox.c.id == row.id)
                    .values(
                        sent_at=self._clock.now(),
                        payload="{}",
                        claimed_until=None,
                        attempts=row.attempts + 1,
                        last_error=None,
                    )
                )
            log.info("mail %s sent to %s", row.kind, mask_email(row.to_address or ""))
            sent += 1
        return sent

    def _failed(self, row: repo.Row, error: str, final: bool = False) -> None:
        attempts = int(row.attempts) + 1
        now = self._clock.now()
        delay = min(self._booking.mail_retry_seconds * 2 ** min(attempts - 1, 10), 6 * 3600)
        give_up = final or attempts >= self._booking.mail_max_attempts
        log.warning("mail %s failed (attempt %d): %s", row.id, attempts, error)
        with self._engine.begin() as conn:
            conn.execute(
                mail_outbox.update()
                .where(mail_outbox.c.id == row.id)
                .values(
                    attempts=attempts,
                    claimed_until=None,
                    last_error=error[:300],
                    next_attempt_at=now + timedelta(seconds=delay),
                    failed_at=now if give_up else None,
                )
            )

    def _render(self, row: repo.Row) -> EmailMessage:
        data = row._mapping
        payload = json.loads(str(data["payload"]) or "{}")
        now = self._clock.now()
        to, language, kind = str(data["to_address"]), str(data["language"]), str(data["kind"])
        if kind == "confirmation_code":
            return code_mail(
                self._smtp.sender,
                to,
                language,
                payload["code"],
                int(payload.get("ttl_minutes", 10)),
                now,
            )
        if kind == "account_code":
            return account_code_mail(
                self._smtp.sender,
                to,
                language,
                payload["code"],
                int(payload.get("ttl_minutes", 15)),
                str(payload.get("purpose", "activation")),
                str(payload["subject_key"]),
                now,
            )
        if kind in APPLICATION_MAIL_KINDS:
            return application_mail(
                kind,
                self._smtp.sender,
                to,
                language,
                payload,
                self._catalogue.current().catalogue,
                self._server.public_url,
                now,
            )
        if kind not in BOOKING_KINDS:  # a notice of `Notices.send`
            return notice_mail(kind, self._smtp.sender, to, language, payload, now)
        facts = self._facts(int(data["booking_id"]))
        return booking_mail(
            kind,
            self._smtp.sender,
            to,
            language,
            facts,
            self._catalogue.current().catalogue,
            self._server.public_url,
            now,
        )

    def _facts(self, booking_id: int) -> BookingFacts:
        with self._engine.connect() as conn:
            b = conn.execute(sa.select(bookings).where(bookings.c.id == booking_id)).one()
            conn.commit()
        return BookingFacts(
            b.order_code,
            b.centre_id,
            b.service_id,
            b.day.isoformat(),
            b.start,
            b.first_name or "",
            b.last_name or "",
            b.status,
        )

    def pending(self) -> int:
        m = mail_outbox.c
        with self._engine.connect() as conn:
            count = conn.execute(
                sa.select(sa.func.count()).where(m.sent_at.is_(None) & m.failed_at.is_(None))
            ).scalar_one()
            conn.commit()
        return int(count)
