"""The centre sync agent's composition root: the centre store behind the agent's port,
the HTTP client of the central service, the agent loop, and the centre's SMS sender
("your turn is near"), which runs beside it and needs no WAN."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import Engine

from kiosk_app.services.retention import CentrePruner
from kiosk_app.services.sync_store import CentreSyncStore
from kiosk_app.settings import Settings
from kiosk_app.store import turn_notice_repo
from kiosk_app.store.open_store import open_store
from server_sync.kernel.clock import Clock
from server_sync.services.sms_outbox import SmsOutbox, SmsSendLoop
from server_sync.sms import sender_from_settings
from server_sync.sync import SyncAgent, SyncClient

log = logging.getLogger("asanq.sync")


@dataclass
class AgentProcess:
    """What one `asan-queue sync` process runs; `close()` releases the store and link."""

    agent: SyncAgent
    store: CentreSyncStore
    client: SyncClient
    engine: Engine
    pruner: CentrePruner | None = None
    sms: SmsOutbox | None = None
    sms_loop: SmsSendLoop | None = None

    def after_round(self) -> None:
        """One batch of pruning (`retention`) after each round; never stops the agent."""
        if self.pruner is None:
            return
        try:
            self.pruner.step()
        except Exception as exc:  # a busy or failing store: the next round tries again
            log.warning("pruning skipped this round: %s", type(exc).__name__)

    def start_sms(self) -> None:
        """Send the centre's SMS in a thread of their own (when `sms.url` is set)."""
        if self.sms_loop is not None:
            self.sms_loop.start()

    def close(self) -> None:
        if self.sms_loop is not None:
            self.sms_loop.stop()
        elif self.sms is not None:
            self.sms.close()
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
    engine = open_store(settings.db.url, quick_check=settings.db.check_on_open)
    client = SyncClient(settings.sync.central_url, token, settings.sync.request_timeout_s)
    clock = clock or settings.clock()
    store = CentreSyncStore(engine, settings.centre.id, clock)
    agent = SyncAgent(
        client,
        store,
        clock,
        settings.centre.id,
        settings.sync,
        on_progress=on_progress,
    )
    pruner = CentrePruner(engine, settings.retention, clock or settings.clock())
    sms, loop = _centre_sms(settings, engine, clock or settings.clock())
    return AgentProcess(agent, store, client, engine, pruner=pruner, sms=sms, sms_loop=loop)


def _centre_sms(
    settings: Settings, engine: Engine, clock: Clock
) -> tuple[SmsOutbox | None, SmsSendLoop | None]:
    sender = sender_from_settings(settings.sms)
    if sender is None:
        return None, None
    outbox = SmsOutbox(engine, turn_notice_repo.outbox_table(), sender, settings.sms, clock)
    return outbox, SmsSendLoop(outbox, settings.turn_sms.send_interval_s)


def demo_token(settings: Settings, clock: Clock | None = None) -> str:
    """Demo only: provision this centre's fixed token (and the IT user) centrally."""
    from server_sync.it.demo import ensure_demo_access
    from server_sync.store.db import create_store_engine

    engine = create_store_engine(settings.server.db_url, 2)
    try:
        return ensure_demo_access(engine, settings.centre.id, (clock or settings.clock()).now())
    finally:
        engine.dispose()
