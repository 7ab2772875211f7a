"""The centre sync agent's composition root: the centre store behind the agent's port,
the HTTP client of the central service, and the agent loop."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import Engine

from kiosk_app.services.sync_store import CentreSyncStore
from kiosk_app.settings import Settings
from kiosk_app.store.open_store import open_store
from server_sync.kernel.clock import Clock, SystemClock
from server_sync.sync import SyncAgent, SyncClient


@dataclass
class AgentProcess:
    """What one `asan-queue sync` process runs; `close()` releases the store and link."""

    agent: SyncAgent
    store: CentreSyncStore
    client: SyncClient
    engine: Engine

    def close(self) -> None:
        self.client.close()
        self.engine.dispose()


def open_agent(
    settings: Settings,
    token: str,
    *,
    clock: Clock | None = None,
    on_progress: Callable[[int, int | None], None] | None = None,
) -> AgentProcess:
    """Open the centre store (StoreError if it cannot be used) and wire the agent."""
    engine = open_store(settings.db.url)
    client = SyncClient(settings.sync.central_url, token, settings.sync.request_timeout_s)
    clock = clock or SystemClock()
    store = CentreSyncStore(engine, settings.centre.id, clock)
    agent = SyncAgent(
        client,
        store,
        clock,
        settings.centre.id,
        settings.sync,
        on_progress=on_progress,
    )
    return AgentProcess(agent, store, client, engine)


def demo_token(settings: Settings, clock: Clock | None = None) -> str:
    """Demo only: provision this centre's fixed token (and the IT user) centrally."""
    from server_sync.it.demo import ensure_demo_access
    from server_sync.store.db import create_store_engine

    engine = create_store_engine(settings.server.db_url, 2)
    try:
        return ensure_demo_access(engine, settings.centre.id, (clock or SystemClock()).now())
    finally:
        engine.dispose()
