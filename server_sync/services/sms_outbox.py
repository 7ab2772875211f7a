"""The durable SMS outbox: an SMS is queued in the caller's transaction and sent
afterwards, with retries and back-off, by whichever sender claims it first.

Never lost: a row leaves the queue only when the centre accepted it or it was given
up (a refusal, too many tries, too late to matter), each with its reason.
Never twice: a row is claimed under a lease and a token, and just before the SMS
centre is asked, `submitted_at` is committed. A sender killed between that and the
answer (or a link that broke after sending) leaves the row *in doubt*: the next try
sends it with the same `reference`, so its UDH reference and SMPP
`user_message_reference` are the same and a centre that filters repeats (the
emulator does) keeps one copy; with `sms.resend_in_doubt = false` it is given up
instead (at most once). A sent row keeps no number and no text, only a keyed hash
of the number for the per-phone rate limit.
"""

from __future__ import annotations

import logging
import secrets
import threading
from collections.abc import Callable
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from server_sync.config import SmsSettings
from server_sync.kernel.clock import Clock
from server_sync.kernel.personal_data import mask_phone
from server_sync.sms.port import (
    SmsMessage,
    SmsPermanentError,
    SmsSender,
    SmsTemporaryError,
)
from server_sync.store import sms_sql
from server_sync.store.sms_sql import QueuedSms, enqueue_sms, phone_key

__all__ = ["QueuedSms", "SmsOutbox", "SmsSendLoop", "enqueue_sms", "phone_key"]

log = logging.getLogger("asanq.sms")

MAX_DELAY_S = 3600.0
RECEIPT_RETRIES, RECEIPT_RETRY_S = 5, 0.5
BATCH = 20


class SmsOutbox:
    """Sends what is due through one `SmsSender`; several may run at once."""

    def __init__(
        self,
        engine: Engine,
        table: sa.Table,
        sender: SmsSender | None,
        settings: SmsSettings,
        clock: Clock,
        *,
        on_sent: Callable[[int], None] = lambda _id: None,
    ) -> None:
        self._engine = engine
        self._table = table
        self._sender = sender
        self._settings = settings
        self._clock = clock
        self._on_sent = on_sent

    def use(self, sender: SmsSender | None) -> None:
        """Send through `sender` from now on (set after the outbox exists, because the
        SMPP adapter reports receipts to `record_receipt`)."""
        self._sender = sender

    def close(self) -> None:
        if self._sender is not None:
            self._sender.close()

    @property
    def enabled(self) -> bool:
        """Whether SMS go anywhere (`sms.url` set): callers queue none otherwise."""
        return self._sender is not None

    def send_due(self, limit: int = BATCH) -> int:
        """Send what is due now; returns how many the centre accepted."""
        if self._sender is None:
            return 0
        token = secrets.token_hex(8)
        with self._engine.begin() as conn:
            rows = sms_sql.claim_due(
                conn, self._table, self._clock.now(), self._settings.lease_s, limit, token
            )
        return sum(self._send_one(row, token) for row in rows)

    # -- one SMS -----------------------------------------------------------
    def _send_one(self, row: sms_sql.Row, token: str) -> bool:
        assert self._sender is not None
        now = self._clock.now()
        if row.expires_at is not None and row.expires_at <= now:
            self._give_up(row, token, "expired before it could be sent")
            return False
        if row.submitted_at is not None and not self._settings.resend_in_doubt:
            self._give_up(row, token, "in doubt: may have reached the SMS centre; not sent again")
            return False
        if not self._take_turn(row, token, now):
            return False
        if row.submitted_at is not None:
            log.warning("sms %s is in doubt: sent again with the same reference", row.id)
        message = SmsMessage(str(row.to_phone), str(row.text), reference=str(row.reference))
        try:
            result = self._sender.send(message)
        except SmsTemporaryError as exc:
            self._retry(row, token, str(exc), exc.maybe_sent, exc.retry_after_s)
            return False
        except SmsPermanentError as exc:
            self._give_up(row, token, str(exc))
            return False
        except Exception as exc:  # our bug: log loudly, keep the queue moving
            log.exception("cannot send sms %s", row.id)
            self._retry(row, token, f"bug: {type(exc).__name__}", True, None)
            return False
        with self._engine.begin() as conn:
            sms_sql.mark_sent(
                conn,
                self._table,
                row.id,
                {
                    "sent_at": self._clock.now(),
                    "to_phone": None,
                    "text": "",
                    "claimed_until": None,
                    "last_error": None,
                    "parts": result.parts,
                    "data_coding": result.data_coding,
                    "message_id": (result.message_ids[0] if result.message_ids else None),
                },
            )
        log.info(
            "sms %s (%s) sent to %s in %d part(s)",
            row.id,
            row.kind,
            mask_phone(str(row.to_phone)),
            result.parts,
        )
        self._on_sent(int(row.id))
        return True

    def _take_turn(self, row: sms_sql.Row, token: str, now: datetime) -> bool:
        """Within the phone's hourly limit: mark the row submitted (committed before the
        centre is asked) and renew the lease; over it: put it back for later."""
        limit = self._settings.per_phone_per_hour
        with self._engine.begin() as conn:
            sms_sql.lock_phone(conn, str(row.phone_key))
            count, first = sms_sql.sent_since(
                conn, self._table, str(row.phone_key), now - timedelta(hours=1), int(row.id)
            )
            if count >= limit:
                later = (first or now) + timedelta(hours=1)
                sms_sql.update_ours(
                    conn,
                    self._table,
                    row.id,
                    token,
                    {"claimed_until": None, "next_attempt_at": max(later, now)},
                )
                log.info(
                    "sms %s to %s waits: %d sent to that phone this hour",
                    row.id,
                    mask_phone(str(row.to_phone)),
                    count,
                )
                return False
            return sms_sql.update_ours(
                conn,
                self._table,
                row.id,
                token,
                {
                    "submitted_at": now,
                    "attempts": int(row.attempts) + 1,
                    "claimed_until": now + timedelta(seconds=self._settings.lease_s),
                },
            )

    def _retry(
        self,
        row: sms_sql.Row,
        token: str,
        error: str,
        maybe_sent: bool,
        retry_after_s: float | None,
    ) -> None:
        attempts = int(row.attempts) + 1
        if attempts >= self._settings.max_attempts:
            self._give_up(row, token, f"{error} (after {attempts} tries)")
            return
        now = self._clock.now()
        delay = min(self._settings.retry_seconds * 2 ** min(attempts - 1, 12), MAX_DELAY_S)
        if retry_after_s is not None:
            delay = max(retry_after_s, 0.0)
        log.warning("sms %s failed (try %d), again in %.0f s: %s", row.id, attempts, delay, error)
        with self._engine.begin() as conn:
            values: dict[str, object] = {
                "claimed_until": None,
                "last_error": error[:300],
                "next_attempt_at": now + timedelta(seconds=delay),
            }
            if not maybe_sent:
                values["submitted_at"] = None  # it did not reach the centre: not in doubt
            sms_sql.update_ours(conn, self._table, row.id, token, values)

    def _give_up(self, row: sms_sql.Row, token: str, error: str) -> None:
        log.warning("sms %s (%s) given up: %s", row.id, row.kind, error)
        with self._engine.begin() as conn:
            sms_sql.update_ours(
                conn,
                self._table,
                row.id,
                token,
                {
                    "failed_at": self._clock.now(),
                    "claimed_until": None,
                    "last_error": error[:300],
                    "to_phone": None,
                    "text": "",
                },
            )

    # -- receipts and figures ------------------------------------------------
    def record_receipt(self, message_id: str, state: str, at: datetime, tries: int = 0) -> None:
        """A delivery receipt from the centre (the SMPP adapter's `on_receipt`). It can
        come before the sender has recorded the message id (the centre sends it right
        after its answer): then it is tried again a little later, a few times."""
        with self._engine.begin() as conn:
            found = sms_sql.record_receipt(conn, self._table, message_id, state, at)
        if found or tries >= RECEIPT_RETRIES:
            if not found:
                log.info("a receipt (%s) for SMS %s, which is not ours", state, message_id)
            return
        timer = threading.Timer(
            RECEIPT_RETRY_S * (tries + 1),
            self._receipt_again,
            (message_id, state, at, tries + 1),
        )
        timer.daemon = True
        timer.start()

    def _receipt_again(self, message_id: str, state: str, at: datetime, tries: int) -> None:
        try:
            self.record_receipt(message_id, state, at, tries)
        except Exception as exc:  # the store went away (shutting down): the receipt is lost
            log.warning("cannot record the receipt of SMS %s: %s", message_id, exc)

    def pending(self) -> int:
        with self._engine.connect() as conn:
            count = sms_sql.pending(conn, self._table)
            conn.commit()
        return count


class SmsSendLoop:
    """A thread that drains one outbox every `interval_s` (and at once when woken):
    the centre's SMS sender, which runs beside the sync agent and needs no WAN."""

    def __init__(self, outbox: SmsOutbox, interval_s: float) -> None:
        self._outbox = outbox
        self._interval_s = interval_s
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def wake(self) -> None:
        self._wake.set()

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="asanq-sms", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout=10)
        self._outbox.close()

    def _run(self) -> None:
        while not self._stop.is_set():
            self._wake.clear()
            try:
                while self._outbox.send_due() > 0 and not self._stop.is_set():
                    pass
            except Exception:  # the store or the link: try again at the next tick
                log.exception("SMS sending failed; will retry")
            self._wake.wait(self._interval_s)
