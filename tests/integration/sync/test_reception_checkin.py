"""The notice's code at the centre's kiosk (issue 16): a reception request travels to
its centre with the day's bookings through the real sync (HTTP pull), and the code
gives a ticket for that official's reception line on the reception day; another
day, too early and a request the secretary closed each get their own refusal."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine

from kiosk_app.domain.checkin import Cancelled, TooEarly, WrongDay
from kiosk_app.services.kiosk.ticket_desk import Issued, TicketDesk
from kiosk_app.services.sync_store import CentreSyncStore
from kiosk_app.store import make_engine, upgrade, write_tx
from kiosk_app.store.catalogue_repo import replace_catalogue
from server_sync.catalogue_data import load_demo_catalogue
from server_sync.kernel.clock import BAKU, FixedClock
from server_sync.services.receptions.office import set_secretary
from server_sync.sync import SyncAgent, SyncClient
from server_sync.sync_api.tokens import issue_token
from tests.integration.server_sync.accounts_helpers import bearer, signed_up
from tests.integration.server_sync.conftest import Central
from tests.integration.server_sync.reception_helpers import (
    OFFICIAL,
    reception_central,
    request_body,
)
from tests.integration.sync.conftest import FAST

CENTRE = "sabirabad"  # where Biləsuvar's officials receive (assets/demo/officials.json)


@pytest.fixture
def site(tmp_path: Path, clock: FixedClock) -> Iterator[Central]:
    with reception_central(f"sqlite:///{tmp_path / 'central.db'}", clock) as central:
        yield central


@pytest.fixture
def centre(tmp_path: Path) -> Iterator[Engine]:
    url = f"sqlite:///{tmp_path / 'centre.db'}"
    upgrade(url)
    engine = make_engine(url)
    with write_tx(engine) as conn:
        replace_catalogue(conn, load_demo_catalogue())
    yield engine
    engine.dispose()


def pull(site: Central, centre: Engine, centre_clock: FixedClock) -> None:
    token = issue_token(site.services.engine, CENTRE, site.clock.now(), "test")
    client = SyncClient(site.url, token, FAST.request_timeout_s)
    try:
        SyncAgent(
            client, CentreSyncStore(centre, CENTRE), centre_clock, CENTRE, FAST
        ).pull_changes()
    finally:
        client.close()


def test_the_notice_gives_a_ticket_on_the_reception_day_only(site: Central, centre: Engine) -> None:
    token = signed_up(site)
    made = site.http.post(
        "/api/v1/receptions", json=request_body("2026-11-24"), headers=bearer(token)
    ).json()
    closed = site.http.post(
        "/api/v1/receptions", json=request_body("2026-11-24"), headers=bearer(token)
    ).json()
    set_secretary(site.services.engine, "katib", "katib-sifre-2026", [OFFICIAL], site.clock.now())
    site.services.receptions.office.decide("katib", closed["number"], "close", "Ləğv edildi")

    centre_clock = FixedClock(datetime(2026, 11, 23, 10, 0, tzinfo=BAKU))
    pull(site, centre, centre_clock)
    catalogue = load_demo_catalogue()
    desk = TicketDesk(centre, centre_clock, catalogue, CENTRE)

    wrong_day = desk.check_in(made["order_code"])  # Monday: the reception is on Tuesday
    assert wrong_day == WrongDay(date(2026, 11, 24))

    centre_clock.set(datetime(2026, 11, 24, 7, 30, tzinfo=BAKU))
    early = desk.check_in(made["order_code"])
    assert isinstance(early, TooEarly)
    assert early.opens_at.hour == 8  # an hour before the centre opens at 09:00

    centre_clock.set(datetime(2026, 11, 24, 11, 40, tzinfo=BAKU))
    issued = desk.check_in(made["order_code"])
    assert isinstance(issued, Issued)
    assert issued.service.id == "reception-isgenderov"
    assert issued.ticket.display.startswith("R")
    assert desk.check_in(closed["order_code"]) == Cancelled()


def test_a_privilege_is_called_before_the_lines_other_visitors(
    site: Central, centre: Engine
) -> None:
    token = signed_up(site)
    plain = site.http.post(
        "/api/v1/receptions", json=request_body("2026-11-24"), headers=bearer(token)
    ).json()
    privileged = site.http.post(
        "/api/v1/receptions",
        json=request_body("2026-11-24", privilege="disabled"),
        headers=bearer(token),
    ).json()
    centre_clock = FixedClock(datetime(2026, 11, 23, 10, 0, tzinfo=BAKU))
    pull(site, centre, centre_clock)
    desk = TicketDesk(centre, centre_clock, load_demo_catalogue(), CENTRE)
    centre_clock.set(datetime(2026, 11, 24, 9, 5, tzinfo=BAKU))
    first = desk.check_in(plain["order_code"])  # came first
    centre_clock.set(datetime(2026, 11, 24, 9, 20, tzinfo=BAKU))
    second = desk.check_in(privileged["order_code"])
    assert isinstance(first, Issued)
    assert isinstance(second, Issued)
    assert second.ticket.call_time < first.ticket.call_time  # the counter calls it first
