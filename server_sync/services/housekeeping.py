"""Jobs that run on a timer: reminders the day before, and the personal-data purge.

The purge empties the personal fields (names, ID card, phone, e-mail) of
bookings whose visit is more than `personal_data_retention_days` behind, and
deletes old confirmation codes and sent mail. What stays is anonymous: centre,
service, day, time, status and the times of the life-cycle steps, enough for
figures such as bookings per day and no-show rates.

The pruning (`retention` settings) deletes the rows that would otherwise only
grow: the events centres pushed (`sync_events`) and IT's conflicts, in batches of
`retention.batch_rows`, each its own transaction; sent mail goes the same way on
the personal-data schedule.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import timedelta

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from server_sync.config import BookingSettings, RetentionSettings
from server_sync.kernel.booking import BookingStatus
from server_sync.kernel.clock import BAKU, Clock
from server_sync.services.accounts.purge import AccountPurge
from server_sync.services.booking_sms import BookingSms
from server_sync.store import change_feed, guess_sql, sms_sql
from server_sync.store import repositories as repo
from server_sync.store.pruning import count_matching, delete_in_batches
from server_sync.store.reception_tables import purge_reception_requests
from server_sync.store.sync_models import sync_conflicts, sync_events
from server_sync.store.tables import (
    bookings,
    confirmation_codes,
    document_days,
    mail_outbox,
    sms_outbox,
)

log = logging.getLogger("asanq.server")

PERSONAL = ("first_name", "last_name", "father_name", "id_document", "phone", "email")


@dataclass(frozen=True)
class PurgeReport:
    bookings: int
    codes: int
    mails: int
    accounts: int = 0
    unactivated_accounts: int = 0
    sync_events: int = 0
    sync_conflicts: int = 0


class Housekeeping:
    def __init__(
        self,
        engine: Engine,
        booking: BookingSettings,
        clock: Clock,
        accounts: AccountPurge | None = None,
        sms: BookingSms | None = None,
        retention: RetentionSettings | None = None,
    ) -> None:
        self._engine = engine
        self._sms = sms
        self._retention = retention or RetentionSettings()
        self._accounts = accounts
        self._booking = booking
        self._clock = clock
        #: Deletes decided applications and their files past their retention (set by the
        #: composition root once the applications exist); returns how many went.
        self.purge_applications: Callable[[], int] | None = None

    def queue_reminders(self) -> int:
        """Queue tomorrow's reminders once `reminder_hour` (Baku) has passed today.

        The rule: one reminder, the day before the visit, from `reminder_hour` on, to
        bookings made at least `reminder_min_hours_after_booking` hours before that
        hour. A booking made later (say at 18:00 for tomorrow) gets none: its
        confirmation, minutes old, already says everything."""
        if not self._booking.reminders:
            return 0
        now = self._clock.now()
        local = now.astimezone(BAKU)
        if local.hour < self._booking.reminder_hour:
            return 0
        tomorrow = local.date() + timedelta(days=1)
        due = local.replace(hour=self._booking.reminder_hour, minute=0, second=0, microsecond=0)
        made_before = due - timedelta(hours=self._booking.reminder_min_hours_after_booking)
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
                        & (b.created_at <= made_before)
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
        events, conflicts = self.prune(dry_run)
        report = replace(report, sync_events=events, sync_conflicts=conflicts)
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
        return replace(
            report, accounts=accounts.accounts, unactivated_accounts=accounts.unactivated
        )

    def prune(self, dry_run: bool = False) -> tuple[int, int]:
        """Delete pushed events and conflicts past their retention, in small batches;
        returns (events, conflicts)."""
        r = self._retention
        now = self._clock.now()
        jobs = (
            (sync_events, sync_events.c.received_at < now - timedelta(days=r.sync_events_days)),
            (
                sync_conflicts,
                sync_conflicts.c.created_at < now - timedelta(days=r.sync_conflicts_days),
            ),
        )
        counts = []
        for table, old in jobs:
            if dry_run:
                counts.append(count_matching(self._engine, table, old))
            else:
                counts.append(
                    delete_in_batches(
                        self._engine, table, old, batch=r.batch_rows, pause_s=r.pause_ms / 1000
                    )
                )
        if any(counts):
            verb = "would prune" if dry_run else "pruned"
            log.info("%s %d sync events and %d conflicts", verb, *counts)
        return counts[0], counts[1]

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
            purge_reception_requests(conn, ids)
            conn.execute(
                confirmation_codes.delete().where(confirmation_codes.c.created_at < cutoff)
            )
        r = self._retention
        delete_in_batches(
            self._engine,
            mail_outbox,
            done & (mail_outbox.c.created_at < cutoff),
            batch=r.batch_rows,
            pause_s=r.pause_ms / 1000,
        )
        with self._engine.begin() as conn:
            sms_sql.purge_done(conn, sms_outbox, cutoff)
            # guess counters of windows long over, document counts of days gone by
            guess_sql.prune(conn, now - timedelta(days=1))
            today = now.astimezone(BAKU).date()
            conn.execute(document_days.delete().where(document_days.c.day < today))
        log.info("purged personal data of %d bookings", len(ids))
        return PurgeReport(len(ids), int(codes), int(mails))
