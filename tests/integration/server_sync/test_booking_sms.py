"""A booking's SMS through the real service, the SMS outbox and the SMPP emulator:
the order code on confirmation, the reminder, the cancellation; a centre that
throttles or drops the link is tried again; the per-phone hourly limit holds."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
import sqlalchemy as sa

from server_sync.kernel.clock import BAKU, FixedClock
from server_sync.sms.emulator import SmscEmulator, SmscFault
from server_sync.store.tables import sms_outbox
from tests.integration.server_sync.helpers import (
    Inbox,
    config,
    form,
    prepared_app,
    running,
    smtp_server,
    wait_for,
)

DIGITS = "501234567"  # the phone of `form`


class Site:
    def __init__(self, app: Any, http: httpx.Client, inbox: Inbox, smsc: SmscEmulator) -> None:
        self.app, self.http, self.inbox, self.smsc = app, http, inbox, smsc

    @property
    def services(self) -> Any:
        return self.app.state.services

    def book(self, email: str = "a@mail.az", **changes: str) -> str:
        before = len(self.inbox.to(email, "code"))
        assert self.http.post("/api/v1/confirmation-codes", json={"email": email}).status_code
        code = self.inbox.wait_code(email, before + 1)
        response = self.http.post("/api/v1/bookings", json=form(code, email, **changes))
        assert response.status_code == 201, response.text
        return str(response.json()["order_code"])

    def texts(self, count: int, timeout: float = 15) -> list[str]:
        self.smsc.wait_for(lambda: len(self.smsc.messages) >= count, timeout)
        return [m.text or "" for m in self.smsc.messages if m.destination.endswith(DIGITS)]


@pytest.fixture
def sms_overrides() -> dict[str, object]:
    return {}


@pytest.fixture
def site(tmp_path: Path, clock: FixedClock, sms_overrides: dict[str, object]) -> Iterator[Site]:
    with smtp_server() as (inbox, port), SmscEmulator(tmp_path / "smsc") as smsc:
        # booked at 10:00 for tomorrow: the reminder rule's 12 hours are waived here
        cfg = config(
            f"sqlite:///{tmp_path / 'c.db'}",
            port,
            code_resend_seconds=0,
            reminder_min_hours_after_booking=0,
        )
        overrides = {"sms.url": smsc.url, "sms.timeout_s": 1.0, "sms.retry_seconds": 0.2}
        overrides.update({f"sms.{k}": v for k, v in sms_overrides.items()})
        app = prepared_app(cfg.with_overrides(overrides), clock)
        with running(app) as url, httpx.Client(base_url=url, timeout=30) as http:
            yield Site(app, http, inbox, smsc)


def receipt_state(site: Site) -> str | None:
    with site.services.engine.connect() as conn:
        return conn.execute(sa.select(sms_outbox.c.receipt_state)).scalar()


def spaced(order_code: str) -> str:
    return " ".join(order_code[i : i + 4] for i in range(0, 12, 4))


def test_the_order_code_reminder_and_cancellation_by_sms(site: Site) -> None:
    code = site.book(language="ru")
    (confirmed,) = site.texts(1)
    assert confirmed.startswith("ASAN: онлайн-очередь подтверждена. Код заказа: ")
    assert spaced(code) in confirmed
    assert site.smsc.messages[0].data_coding == 8  # Cyrillic: UCS-2 on the wire
    wait_for(lambda: receipt_state(site) == "DELIVRD", what="the delivery receipt recorded")
    site.services.clock.set(datetime(2026, 11, 23, 10, 30, tzinfo=BAKU))
    assert site.services.housekeeping.queue_reminders() == 1
    site.services.jobs.wake()
    reminder = site.texts(2)[1]
    assert reminder.startswith("ASAN: завтра в 10:00 ваша очередь")
    response = site.http.delete(f"/api/v1/bookings/{code}", params={"email": "a@mail.az"})
    assert response.status_code == 200, response.text
    cancelled = site.texts(3)[2]
    assert cancelled.startswith("ASAN: ваша очередь на ")
    assert len(site.smsc.messages) == 3  # nothing twice


def test_a_throttling_centre_and_a_dropped_link_are_tried_again(site: Site) -> None:
    clock = site.services.clock
    site.smsc.fault = SmscFault.THROTTLE
    site.book()
    wait_for(lambda: site.smsc.refused >= 1, what="a throttled submit_sm")
    wait_for(lambda: site.services.sms.pending() == 1, what="the retry queued")
    site.smsc.fault = SmscFault.DROP
    clock.advance(seconds=5)  # past the back-off (the centre asked for 1 s)
    site.services.jobs.wake()
    wait_for(lambda: site.smsc.submits >= 2, what="a submit_sm on a dropped link")
    site.smsc.fault = SmscFault.NONE

    def retried() -> list[str] | None:
        # the dropped submit gives up on its own (real) timeout; then each wake past
        # the back-off tries again
        clock.advance(seconds=5)
        site.services.jobs.wake()
        return site.texts(1, 1) or None

    (confirmed,) = wait_for(retried, timeout=40, what="the SMS")
    assert "Sifariş kodu" in confirmed
    wait_for(lambda: site.services.sms.pending() == 0, what="the outbox emptied")
    assert len(site.smsc.messages) == 1


@pytest.mark.parametrize("sms_overrides", [{"per_phone_per_hour": 1}])
def test_the_per_phone_hourly_limit_holds_back_the_second_sms(site: Site) -> None:
    site.book()
    site.texts(1)
    site.book(email="b@mail.az", id_document="AA1234567", time="10:30")
    wait_for(lambda: site.services.sms.pending() == 1, what="the second SMS held back")
    site.services.jobs.wake()
    assert not site.smsc.wait_for(lambda: len(site.smsc.messages) >= 2, 1.0)
    site.services.clock.set(datetime(2026, 11, 23, 11, 1, tzinfo=BAKU))
    site.services.jobs.wake()
    assert len(site.texts(2)) == 2
