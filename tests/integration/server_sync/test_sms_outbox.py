"""The durable SMS outbox on SQLite and PostgreSQL: queued in the caller's
transaction, sent once, retried with back-off, in-doubt sends repeated with the same
reference, the per-phone hourly limit, and the `Notices` service on top."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from server_sync.config import SmsSettings
from server_sync.kernel.clock import FixedClock
from server_sync.kernel.i18n import MissingText
from server_sync.kernel.settings_model import validated
from server_sync.services.notify import Notices
from server_sync.services.sms_outbox import QueuedSms, SmsOutbox, enqueue_sms
from server_sync.sms import FakeSmsSender, SmsPermanentError, SmsTemporaryError
from server_sync.store.db import create_store_engine
from server_sync.store.migrate import upgrade
from server_sync.store.tables import mail_outbox, sms_outbox

PHONE = "+994501234567"
OTHER = "+994551234567"
SECRET = "test-secret"


@pytest.fixture
def engine(empty_store_url: str) -> Iterator[Engine]:
    made = create_store_engine(empty_store_url, 5)
    upgrade(made)
    yield made
    made.dispose()


def outbox(
    engine: Engine, sender: FakeSmsSender, clock: FixedClock, **settings: object
) -> SmsOutbox:
    values: dict[str, object] = {"retry_seconds": 10, "max_attempts": 4, "lease_s": 30}
    values.update(settings)
    return SmsOutbox(engine, sms_outbox, sender, validated(SmsSettings, values), clock)


def queue(
    engine: Engine, clock: FixedClock, to: str = PHONE, text: str = "Salam", **kw: object
) -> None:
    with engine.begin() as conn:
        enqueue_sms(conn, sms_outbox, QueuedSms("test", to, "az", text, **kw), clock.now(), SECRET)  # type: ignore[arg-type]


def rows(engine: Engine) -> list[sa.Row[object]]:
    with engine.connect() as conn:
        return list(conn.execute(sa.select(sms_outbox).order_by(sms_outbox.c.id)).all())


def test_an_sms_is_queued_only_if_the_callers_transaction_commits(
    engine: Engine, clock: FixedClock
) -> None:
    with engine.connect() as conn:
        enqueue_sms(conn, sms_outbox, QueuedSms("test", PHONE, "az", "x"), clock.now(), SECRET)
        conn.rollback()  # the booking failed
    assert rows(engine) == []


def test_sent_once_and_the_number_and_text_are_not_kept(engine: Engine, clock: FixedClock) -> None:
    sender = FakeSmsSender()
    sms = outbox(engine, sender, clock)
    queue(engine, clock, text="Sifariş kodu: 1234 5678 9012")
    assert sms.send_due() == 1
    assert sms.send_due() == 0
    assert sender.texts_to(PHONE) == ["Sifariş kodu: 1234 5678 9012"]
    (row,) = rows(engine)
    assert (row.to_phone, row.text, row.parts, row.data_coding) == (None, "", 1, 8)
    assert row.message_id == "fake-1-1"
    assert sms.pending() == 0


def test_a_temporary_failure_is_retried_with_back_off(engine: Engine, clock: FixedClock) -> None:
    sender = FakeSmsSender()
    sender.fail_next(SmsTemporaryError("link down"), SmsTemporaryError("link down"))
    sms = outbox(engine, sender, clock)
    queue(engine, clock)
    assert sms.send_due() == 0
    assert rows(engine)[0].next_attempt_at == clock.now() + timedelta(seconds=10)
    clock.advance(seconds=9)
    assert sms.send_due() == 0  # not due yet
    assert sender.attempts == 1
    clock.advance(seconds=1)
    assert sms.send_due() == 0
    assert rows(engine)[0].next_attempt_at == clock.now() + timedelta(seconds=20)
    assert rows(engine)[0].submitted_at is None  # it never reached the centre
    clock.advance(seconds=20)
    assert sms.send_due() == 1
    assert len(sender.sent) == 1
    assert rows(engine)[0].attempts == 3


def test_a_refusal_or_too_many_tries_gives_up_with_the_reason(
    engine: Engine, clock: FixedClock
) -> None:
    sender = FakeSmsSender()
    sender.fail_next(SmsPermanentError("unknown subscriber"), *[SmsTemporaryError("busy")] * 4)
    sms = outbox(engine, sender, clock, max_attempts=2, retry_seconds=1)
    queue(engine, clock)
    queue(engine, clock, to=OTHER)
    sms.send_due()
    clock.advance(seconds=5)
    sms.send_due()
    first, second = rows(engine)
    assert first.failed_at is not None
    assert first.last_error == "unknown subscriber"
    assert second.failed_at is not None
    assert "after 2 tries" in (second.last_error or "")
    assert (first.to_phone, second.text) == (None, "")
    assert sms.pending() == 0


def test_an_sms_in_doubt_is_sent_again_with_the_same_reference(
    engine: Engine, clock: FixedClock
) -> None:
    sender = FakeSmsSender()
    sender.fail_next(SmsTemporaryError("answer lost", maybe_sent=True, retry_after_s=0))
    sms = outbox(engine, sender, clock)
    queue(engine, clock)
    reference = rows(engine)[0].reference
    assert sms.send_due() == 0
    assert rows(engine)[0].submitted_at is not None  # in doubt
    assert sms.send_due() == 1
    assert [m.reference for m in sender.sent] == [reference]


def test_in_doubt_given_up_when_resending_is_switched_off(
    engine: Engine, clock: FixedClock
) -> None:
    sender = FakeSmsSender()
    sender.fail_next(SmsTemporaryError("answer lost", maybe_sent=True, retry_after_s=0))
    sms = outbox(engine, sender, clock, resend_in_doubt=False)
    queue(engine, clock)
    sms.send_due()
    sms.send_due()
    assert sender.sent == []
    assert "in doubt" in (rows(engine)[0].last_error or "")


def test_a_crashed_senders_claim_is_taken_over_after_its_lease(
    engine: Engine, clock: FixedClock
) -> None:
    """A sender that claimed and marked the SMS submitted, then died: another sender
    takes it once the lease is over, and only then."""
    sender = FakeSmsSender()
    sms = outbox(engine, sender, clock, lease_s=30)
    queue(engine, clock)
    with engine.begin() as conn:  # what the dead sender left behind
        conn.execute(
            sms_outbox.update().values(
                claimed_until=clock.now() + timedelta(seconds=30),
                claim_token="dead",
                submitted_at=clock.now(),
                attempts=1,
            )
        )
    assert sms.send_due() == 0
    clock.advance(seconds=31)
    assert sms.send_due() == 1
    assert len(sender.sent) == 1


def test_per_phone_hourly_limit_delays_and_loses_nothing(engine: Engine, clock: FixedClock) -> None:
    sender = FakeSmsSender()
    sms = outbox(engine, sender, clock, per_phone_per_hour=2)
    for n in range(3):
        queue(engine, clock, text=f"n{n}")
    queue(engine, clock, to=OTHER, text="other")
    assert sms.send_due() == 3
    assert sender.texts_to(PHONE) == ["n0", "n1"]
    assert sender.texts_to(OTHER) == ["other"]
    waiting = rows(engine)[2]
    assert waiting.sent_at is None
    assert waiting.next_attempt_at == clock.now() + timedelta(hours=1)
    clock.advance(minutes=59)
    assert sms.send_due() == 0
    clock.advance(minutes=1)
    assert sms.send_due() == 1
    assert sender.texts_to(PHONE) == ["n0", "n1", "n2"]


def test_a_dedupe_key_queues_a_notice_once(engine: Engine, clock: FixedClock) -> None:
    queue(engine, clock, dedupe_key="near:A042")
    queue(engine, clock, dedupe_key="near:A042")
    assert len(rows(engine)) == 1


def test_an_expired_notice_is_given_up_not_sent_late(engine: Engine, clock: FixedClock) -> None:
    sender = FakeSmsSender()
    sms = outbox(engine, sender, clock)
    queue(engine, clock, expires_at=clock.now() + timedelta(minutes=5))
    clock.advance(minutes=6)
    assert sms.send_due() == 0
    assert sender.sent == []
    assert "expired" in (rows(engine)[0].last_error or "")


def test_notices_queue_the_mail_and_the_sms_of_a_kind_in_the_citizens_language(
    engine: Engine, clock: FixedClock
) -> None:
    notices = Notices(sms_outbox, SECRET, sms_enabled=True)
    with engine.begin() as conn:
        notices.send(
            conn,
            kind="booking_confirmed",
            language="en",
            email=None,
            phone=OTHER,
            payload={"code": "1234 5678 9012", "date": "24 Nov", "time": "10:00", "centre": "B1"},
            now=clock.now(),
        )
        notices.send_code(
            conn,
            channel="sms",
            to=PHONE,
            language="ru",
            purpose="activation",
            code="123456",
            ttl_minutes=15,
            subject_key="mail.account.activation.subject",
            now=clock.now(),
        )
    booked, code = rows(engine)
    assert (
        booked.text
        == "ASAN: your booking is confirmed. Order code: 1234 5678 9012. 24 Nov, 10:00, B1."
    )
    assert booked.to_phone == OTHER
    assert code.text == "ASAN: код активации 123456. Действует 15 мин. Никому не сообщайте код."
    assert code.language == "ru"


def test_notices_refuse_a_kind_without_its_template_or_text(
    engine: Engine, clock: FixedClock
) -> None:
    notices = Notices(sms_outbox, SECRET, sms_enabled=True)
    with pytest.raises(LookupError), engine.begin() as conn:
        notices.send(
            conn,
            kind="no_such_notice",
            language="az",
            email="a@mail.az",
            phone=None,
            payload={},
            now=clock.now(),
        )
    with pytest.raises(MissingText), engine.begin() as conn:
        notices.send(
            conn,
            kind="no_such_notice",
            language="az",
            email=None,
            phone=PHONE,
            payload={},
            now=clock.now(),
        )
    with engine.connect() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(mail_outbox)).scalar() == 0
    assert rows(engine) == []


def test_without_sms_url_no_sms_is_queued(engine: Engine, clock: FixedClock) -> None:
    notices = Notices(sms_outbox, SECRET, sms_enabled=False)
    with engine.begin() as conn:
        notices.send(
            conn,
            kind="booking_confirmed",
            language="az",
            email=None,
            phone=PHONE,
            payload={"code": "1", "date": "d", "time": "t", "centre": "c"},
            now=clock.now(),
        )
    assert rows(engine) == []


def test_parallel_senders_keep_the_hourly_limit_and_send_each_once(
    engine: Engine, clock: FixedClock
) -> None:
    """Four senders at once over ten SMS to one phone and ten to others: the phone
    gets exactly its limit, the others all theirs, nothing twice."""
    import threading

    sender = FakeSmsSender()
    for n in range(10):
        queue(engine, clock, text=f"same-{n}")
        queue(engine, clock, to=f"+99455{n:07d}", text=f"other-{n}")
    outboxes = [outbox(engine, sender, clock, per_phone_per_hour=3) for _ in range(4)]
    start = threading.Barrier(len(outboxes))

    def run(sms: SmsOutbox) -> None:
        start.wait()
        while sms.send_due(limit=3) > 0:
            pass

    threads = [threading.Thread(target=run, args=(sms,)) for sms in outboxes]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    texts = [m.text for m in sender.sent]
    assert len(texts) == len(set(texts))  # nothing twice
    assert len(sender.texts_to(PHONE)) == 3
    assert sorted(t for t in texts if t.startswith("other")) == sorted(
        f"other-{n}" for n in range(10)
    )
    assert outboxes[0].pending() == 7  # held back, not lost
