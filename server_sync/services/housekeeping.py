"""Jobs that run on a timer: reminders the day before, and the personal-data purge.

The purge empties the personal fields (names, ID card, phone, e-mail) of
bookings whose visit is more than `personal_data_retention_days` behind, and
deletes old confirmation codes and sent mail. What stays is anonymous: centre,
service, day, time, status and the times of the life-cycle steps, enough for
figures such as bookings per day and no-show rates.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from server_sync.config import BookingSettings
from server_sync.kernel.booking import BookingStatus
from server_sync.kernel.clock import BAKU, Clock
from server_sync.services.accounts.purge import AccountPurge
from server_sync.services.booking_sms import BookingSms
from server_sync.store import change_feed
from server_sync.store import repositories as repo
from server_sync.store.tables import bookings, confirmation_codes, mail_outbox

log = logging.getLogger("asanq.server")

PERSONAL = ("first_name", "last_name", "father_name", "id_document", "phone", "email")


@dataclass(frozen=True)
class PurgeReport:
    bookings: int
    codes: int
    mails: int
    accounts: int = 0
    unactivated_accounts: int = 0


class Housekeeping:
    def __init__(
        self,
        engine: Engine,
        booking: BookingSettings,
        clock: Clock,
        accounts: AccountPurge | None = None,
        sms: BookingSms | None = None,
    ) -> None:
        self._engine = engine
        self._sms = sms
        self._accounts = accounts
        self._booking = booking
        self._clock = clock
        #: Deletes decided applications and their files past their retention (set by the
        #: composition root once the applications exist); returns how many went.
        self.purge_applications: Callable[[], int] | None = None

    def queue_reminders(self) -> int:
        """Queue tomorrow's reminders once `reminder_hour` (Baku) has passed today."""
        if not self._booking.reminders:
            return 0
        now = self._clock.now()
        local = now.astimezone(BAKU)
        if local.hour < self._booking.reminder_hour:
            return 0
        tomorrow = local.date() + timedelta(days=1)
        b = bookings.c
        queued = 0
        with self._engine.connect() as conn:
            ids = (
                conn.execute(
                    sa.select(b.id).where(
                        (b.day == tomorrow)
                        & b.status.in_(sorted(BookingStatus.checkable_in()))
                        & b.reminder_queued_at.is_(None)
                        & (b.email.is_not(None) | b.phone.is_not(None))
                    )
                )
                .scalars()
                .all()
            )
            conn.commit()
        for booking_id in ids:
            with self._engine.begin() as conn:
                row = conn.execute(
                    sa.select(bookings).where(
                        (b.id == booking_id)
                        & b.reminder_queued_at.is_(None)
                        & b.status.in_(sorted(BookingStatus.checkable_in()))
                    )
                ).first()
                if row is None:
                    continue
                repo.update_booking(conn, booking_id, None, {"reminder_queued_at": now})
                change_feed.mark_changed(conn, [booking_id])
                if row.email:
                    repo.enqueue_mail(
                        conn,
                        "booking_reminder",
                        row.email,
                        row.language,
                        {"order_code": row.order_code},
                        now,
                        booking_id,
                    )
                if self._sms is not None:
                    self._sms.queue(conn, "booking_reminder", booking_id, now, dict(row._mapping))
                queued += 1
        if queued:
            log.info("queued %d reminders for %s", queued, tomorrow)
        return queued

    def purge(self, dry_run: bool = False) -> PurgeReport:
        """Empty personal data of visits older than the retention period, and delete
        citizen accounts unused beyond theirs (`AccountPurge`)."""
        report = self._purge_bookings(dry_run)
        if self.purge_applications is not None and not dry_run:
            gone = self.purge_applications()
            if gone:
                log.info("purged %d decided applications and their files", gone)
        if self._accounts is None:
            return report
        accounts = self._accounts.run(dry_run)
        if accounts.accounts or accounts.unactivated:
            log.info(
                "deleted %d unused and %d unactivated citizen accounts",
                accounts.accounts,
                accounts.unactivated,
            )
        return PurgeReport(
            report.bookings, report.codes, report.mails, accounts.accounts, accounts.unactivated
        )

    def _purge_bookings(self, dry_run: bool) -> PurgeReport:
        now = self._clock.now()
        cutoff_day = now.astimezone(BAKU).date() - timedelta(
            days=self._booking.personal_data_retention_days
        )
        cutoff = now - timedelta(days=self._booking.personal_data_retention_days)
        b = bookings.c
        old = (b.day < cutoff_day) & b.purged_at.is_(None)
        with self._engine.begin() as conn:
            ids = conn.execute(sa.select(b.id).where(old)).scalars().all()
            codes = conn.execute(
                sa.select(sa.func.count()).where(confirmation_codes.c.created_at < cutoff)
            ).scalar_one()
            done = mail_outbox.c.sent_at.is_not(None) | mail_outbox.c.failed_at.is_not(None)
            mails = conn.execute(
                sa.select(sa.func.count()).where(done & (mail_outbox.c.created_at < cutoff))
            ).scalar_one()
            if dry_run:
                return PurgeReport(len(ids), int(codes), int(mails))
            for booking_id in ids:
                values: dict[str, object] = dict.fromkeys(PERSONAL)
                values.update(extra="{}", dedupe_key=None, purged_at=now, updated_at=now)
                repo.update_booking(conn, booking_id, None, values)
            change_feed.mark_changed(conn, ids)
            conn.execute(
                confirmation_codes.delete().where(confirmation_codes.c.created_at < cutoff)
            )
            conn.execute(mail_outbox.delete().where(done & (mail_outbox.c.created_at < cutoff)))
        log.info("purged personal data of %d bookings", len(ids))
        return PurgeReport(len(ids), int(codes), int(mails))
