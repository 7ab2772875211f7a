"""Two real stores (central and centre), the central service under uvicorn on
loopback behind a fault-injecting proxy, and the agent over real HTTP."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from fastapi import FastAPI
from sqlalchemy.engine import Engine

from kiosk_app.services.kiosk.ticket_desk import TicketDesk
from kiosk_app.services.sync_store import CentreSyncStore
from kiosk_app.store import make_engine, tables, upgrade, write_tx
from kiosk_app.store.catalogue_repo import replace_catalogue
from server_sync.app import create_app
from server_sync.config import ServerSettings, SyncSettings
from server_sync.kernel.clock import BAKU, FixedClock
from server_sync.kernel.order_codes import generate_order_code
from server_sync.settings import CentralSettings
from server_sync.store import change_feed, migrate
from server_sync.store import repositories as repo
from server_sync.store.db import create_store_engine
from server_sync.store.sync_models import sync_events
from server_sync.store.tables import bookings
from server_sync.sync import SyncAgent, SyncClient
from server_sync.sync_api.tokens import issue_token
from tests.factories import catalogue, catalogue_dict
from tests.integration.sync.netfaults import CentralServer, FaultyProxy

MONDAY_10 = datetime(2026, 11, 23, 10, 0, tzinfo=BAKU)
FAST = SyncSettings(
    interval_s=0.05,
    heartbeat_s=0.2,
    backoff_base_s=0.05,
    backoff_max_s=0.2,
    request_timeout_s=5,
    push_batch=50,
    pull_page=200,
)


def central_app(db_url: str, clock: FixedClock) -> FastAPI:
    engine = create_store_engine(db_url, 10)
    migrate.upgrade(engine)
    cfg = CentralSettings(
        server=ServerSettings(db_url=db_url, secret_key="test-secret", jobs=False)
    )
    app = create_app(cfg, clock=clock, engine=engine)
    app.state.services.catalogue.publish(catalogue_dict(), clock.now())
    return app


def centre_store(url: str) -> Engine:
    upgrade(url)
    engine = make_engine(url)
    with write_tx(engine) as conn:
        replace_catalogue(conn, catalogue())
    return engine


@dataclass
class World:
    app: FastAPI
    server: CentralServer
    proxy: FaultyProxy
    centre: Engine
    central_clock: FixedClock
    centre_clock: FixedClock
    token: str
    centre_id: str = "baku-1"
    agents: list[SyncClient] = field(default_factory=list)

    @property
    def central(self) -> Engine:
        engine: Engine = self.app.state.services.engine
        return engine

    def store(self) -> CentreSyncStore:
        return CentreSyncStore(self.centre, self.centre_id)

    def desk(self, device: str = "kiosk-1") -> TicketDesk:
        return TicketDesk(
            self.centre, self.centre_clock, catalogue(), self.centre_id, device_id=device
        )

    def agent(
        self, settings: SyncSettings = FAST, token: str | None = None, **kwargs: Any
    ) -> SyncAgent:
        client = SyncClient(self.proxy.url, token or self.token, settings.request_timeout_s)
        self.agents.append(client)
        return SyncAgent(
            client, self.store(), self.centre_clock, self.centre_id, settings, **kwargs
        )

    def add_booking(
        self,
        *,
        centre: str = "baku-1",
        day: date = date(2026, 11, 23),
        at: time = time(10, 15),
        service: str = "passport",
        extra: dict[str, str] | None = None,
    ) -> str:
        """A booking made centrally (as the booking service stores it); `extra` holds its
        intake answers (`{"application": number}` for a visit about an application)."""
        code = generate_order_code()
        now = self.central_clock.now()
        with self.central.begin() as conn:
            repo.insert_booking(
                conn,
                {
                    "order_code": code,
                    "resource": f"{centre}/{service}",
                    "centre_id": centre,
                    "service_id": service,
                    "day": day,
                    "start": at.strftime("%H:%M"),
                    "status": "booked",
                    "language": "az",
                    "first_name": "Aysel",
                    "last_name": "Məmmədova",
                    "father_name": "Rauf qızı",
                    "id_document": "AZE12345678",
                    "phone": "+994501234567",
                    "email": "aysel@mail.az",
                    "created_at": now,
                    "updated_at": now,
                    "change_seq": change_feed.take_numbers(conn, 1)[0],
                    "extra": json.dumps(extra or {}),
                },
            )
        return code

    def cancel_centrally(self, code: str) -> None:
        self.app.state.services.bookings.cancel(code, "aysel@mail.az")

    def central_status(self, code: str) -> str:
        with self.central.connect() as conn:
            return str(
                conn.execute(
                    sa.select(bookings.c.status).where(bookings.c.order_code == code)
                ).scalar_one()
            )

    def central_event_keys(self) -> list[str]:
        with self.central.connect() as conn:
            return list(
                conn.execute(
                    sa.select(sync_events.c.idempotency_key)
                    .where(sync_events.c.centre_id == self.centre_id)
                    .order_by(sync_events.c.centre_seq)
                ).scalars()
            )

    def centre_event_keys(self, unsent_only: bool = False) -> list[str]:
        query = sa.select(tables.outbox.c.idempotency_key).order_by(tables.outbox.c.id)
        if unsent_only:
            query = query.where(tables.outbox.c.sent_at.is_(None))
        with self.centre.connect() as conn:
            return list(conn.execute(query).scalars())


def build_world(central_url: str, centre_url: str) -> Iterator[World]:
    central_clock = FixedClock(MONDAY_10)
    centre_clock = FixedClock(MONDAY_10)
    app = central_app(central_url, central_clock)
    server = CentralServer(app)
    server.start()
    proxy = FaultyProxy(server.port)
    token = issue_token(app.state.services.engine, "baku-1", central_clock.now(), "test")
    world = World(app, server, proxy, centre_store(centre_url), central_clock, centre_clock, token)
    try:
        yield world
    finally:
        for client in world.agents:
            client.close()
        proxy.close()
        server.stop()
        world.centre.dispose()
        app.state.services.engine.dispose()


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    yield from build_world(
        f"sqlite:///{tmp_path / 'central.db'}", f"sqlite:///{tmp_path / 'centre.db'}"
    )


@pytest.fixture
def pg_world(tmp_path: Path, pg_database: str) -> Iterator[World]:
    """The central store on PostgreSQL (the centre on SQLite, as at a centre)."""
    yield from build_world(pg_database, f"sqlite:///{tmp_path / 'centre.db'}")


def run_in_thread(agent: SyncAgent, stop: threading.Event) -> threading.Thread:
    thread = threading.Thread(target=agent.run, args=(stop,), daemon=True)
    thread.start()
    return thread


def later(clock: FixedClock, **delta: float) -> None:
    clock.set(clock.now() + timedelta(**delta))
