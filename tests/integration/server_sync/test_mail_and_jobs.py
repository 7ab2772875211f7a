"""Mail never blocks a booking; reminders the day before; personal data purged."""

from __future__ import annotations

import email
import email.policy
from datetime import datetime
from pathlib import Path

import httpx
import sqlalchemy as sa

from server_sync.kernel.clock import BAKU, FixedClock
from server_sync.services.mailer import DirectoryMailer
from server_sync.store import change_feed
from server_sync.store.tables import bookings, mail_outbox, slot_counters
from tests.integration.server_sync.conftest import Central
from tests.integration.server_sync.helpers import (
    config,
    form,
    free_port,
    prepared_app,
    running,
    smtp_server,
    wait_for,
)


def test_booking_succeeds_while_mail_server_is_down_and_mail_follows(
    tmp_path: Path, clock: FixedClock
) -> None:
    port = free_port()  # nothing listens there yet
    app = prepared_app(config(f"sqlite:///{tmp_path / 'c.db'}", port, mail_retry_seconds=1), clock)
    services = app.state.services
    with running(app) as url, httpx.Client(base_url=url) as http:
        code = services.codes.issue("a@mail.az")
        response = http.post("/api/v1/bookings", json=form(code, "a@mail.az"))
        assert response.status_code == 201
        wait_for(lambda: _attempts(services.engine) >= 1, what="a failed send attempt")
        assert services.outbox.pending() == 1

    with smtp_server(port) as (inbox, _port):
        clock.advance(minutes=5)
        assert services.outbox.send_due() == 1
        mail = inbox.wait_kind("a@mail.az", "confirmed")
        assert response.json()["order_code"][:4] in mail["Subject"]
    with services.engine.connect() as conn:
        payload = conn.execute(sa.select(mail_outbox.c.payload)).scalar_one()
    assert payload == "{}"  # nothing personal stays in the outbox once sent
    services.engine.dispose()


def _attempts(engine: sa.Engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(sa.select(sa.func.max(mail_outbox.c.attempts))).scalar() or 0)


def test_demo_outbox_folder_gets_eml_files(tmp_path: Path, clock: FixedClock) -> None:
    folder = tmp_path / "mail"
    app = prepared_app(
        config(f"sqlite:///{tmp_path / 'c.db'}", jobs=False), clock, mailer=DirectoryMailer(folder)
    )
    services = app.state.services
    services.codes.request_code("a@mail.az", "127.0.0.1", "en")
    assert services.outbox.send_due() == 1
    [path] = folder.glob("*.eml")
    message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
    assert message["Subject"].startswith("Confirmation code: ")
    services.engine.dispose()


def test_reminder_goes_out_the_day_before(central: Central) -> None:
    central.clock.set(datetime(2026, 11, 21, 12, 0, tzinfo=BAKU))  # booked on Saturday
    code = central.code_for("a@mail.az")
    assert (
        central.http.post(
            "/api/v1/bookings", json=form(code, "a@mail.az", language="en")
        ).status_code
        == 201
    )
    housekeeping = central.services.housekeeping
    central.clock.set(datetime(2026, 11, 23, 9, 0, tzinfo=BAKU))
    assert housekeeping.queue_reminders() == 0  # before the reminder hour (10:00)
    central.clock.set(datetime(2026, 11, 23, 10, 30, tzinfo=BAKU))
    assert housekeeping.queue_reminders() == 1
    assert housekeeping.queue_reminders() == 0  # only once
    central.services.jobs.wake()
    reminder = central.inbox.wait_kind("a@mail.az", "reminder")
    assert reminder["Subject"].startswith("Reminder: tomorrow at 10:00")


def test_no_reminder_minutes_after_booking_for_tomorrow(central: Central) -> None:
    """Booked on Monday 10:20 for Tuesday, after Monday's reminder hour: the
    confirmation, minutes old, is the reminder (booking.reminder_min_hours_after_booking)."""
    central.clock.set(datetime(2026, 11, 23, 10, 20, tzinfo=BAKU))
    code = central.code_for("a@mail.az")
    assert central.http.post("/api/v1/bookings", json=form(code, "a@mail.az")).status_code == 201
    housekeeping = central.services.housekeeping
    central.clock.set(datetime(2026, 11, 23, 10, 23, tzinfo=BAKU))
    assert housekeeping.queue_reminders() == 0
    central.clock.set(datetime(2026, 11, 23, 20, 0, tzinfo=BAKU))
    assert housekeeping.queue_reminders() == 0  # nor later that day
    central.services.jobs.wake()
    assert central.inbox.wait_kind("a@mail.az", "confirmed")


def test_purge_keeps_anonymous_figures_only(central: Central) -> None:
    code = central.code_for("a@mail.az")
    order_code = central.http.post("/api/v1/bookings", json=form(code, "a@mail.az")).json()[
        "order_code"
    ]
    housekeeping = central.services.housekeeping
    central.clock.advance(days=30)
    assert housekeeping.purge().bookings == 0  # 29 days after the visit: kept
    central.clock.advance(days=2)
    report = housekeeping.purge()
    assert report.bookings == 1
    assert report.codes >= 1
    with central.services.engine.connect() as conn:
        row = conn.execute(sa.select(bookings)).one()
        taken = conn.execute(sa.select(slot_counters.c.taken)).scalar_one()
    assert (row.first_name, row.id_document, row.phone, row.email) == (None, None, None, None)
    assert (row.centre_id, row.service_id, row.start, row.status) == (
        "baku-1",
        "passport",
        "10:00",
        "booked",
    )
    assert taken == 1
    lookup = central.http.get(f"/api/v1/bookings/{order_code}", params={"email": "a@mail.az"})
    assert lookup.status_code == 404


def test_every_change_gets_a_higher_change_seq(central: Central) -> None:
    seqs = []
    for n, address in enumerate(("a@mail.az", "b@mail.az")):
        code = central.code_for(address)
        body = central.http.post(
            "/api/v1/bookings", json=form(code, address, id_document=f"AA123456{n}")
        ).json()
        seqs.append(_seq(central, body["order_code"]))
    central.http.delete(f"/api/v1/bookings/{body['order_code']}", params={"email": "b@mail.az"})
    seqs.append(_seq(central, body["order_code"]))
    assert seqs == sorted(seqs)
    assert len(set(seqs)) == 3


def _seq(central: Central, order_code: str) -> int:
    change_feed.number_changes(central.services.engine)  # as a pull does first
    with central.services.engine.connect() as conn:
        return int(
            conn.execute(
                sa.select(bookings.c.change_seq).where(bookings.c.order_code == order_code)
            ).scalar_one()
        )
