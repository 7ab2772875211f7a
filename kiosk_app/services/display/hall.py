"""The hall display's feed: today's calls from the store, newest last."""

from __future__ import annotations

from sqlalchemy import Engine

from kiosk_app.domain.announcement import HallCall
from kiosk_app.store import queue_repo
from kiosk_app.store.engine import read_tx
from server_sync.kernel.clock import Clock

__all__ = ["HallCall", "HallFeed"]


class HallFeed:
    def __init__(self, engine: Engine, clock: Clock, centre_id: str) -> None:
        self.engine, self.clock, self.centre_id = engine, clock, centre_id

    def after(self, cursor: int, limit: int = 50) -> list[HallCall]:
        """Calls newer than `cursor` (0: the latest `limit` of today)."""
        with read_tx(self.engine) as conn:
            return queue_repo.calls_after(
                conn, self.centre_id, self.clock.now().date(), cursor, limit
            )
