"""IT's hand on the outbox's dead letters: list parked events, send one again, drop one.

The sync agent parks an event when the central service refuses it for something
inside it (`server_sync.sync.agent.SyncAgent.push_outbox`), so the rest of the outbox
goes on in order. Each re-send and drop is audited (`audit_log`, action
`sync_event_resend` / `sync_event_drop`, with who did it and central's reason).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine

from kiosk_app.store import outbox
from kiosk_app.store.audit_repo import audit
from kiosk_app.store.engine import read_tx, write_tx
from kiosk_app.store.outbox import ParkedEvent
from server_sync.kernel.clock import Clock


class ParkedEventError(Exception):
    """No parked event matches, or more than one does (one clear line)."""


@dataclass
class ParkedEvents:
    engine: Engine
    clock: Clock

    def list(self, include_dropped: bool = False) -> list[ParkedEvent]:
        with read_tx(self.engine) as conn:
            return outbox.parked(conn, include_dropped=include_dropped)

    def _one(self, key_prefix: str) -> ParkedEvent:
        if len(key_prefix) < 4:
            raise ParkedEventError("give at least the first 4 characters of the event's key")
        with read_tx(self.engine) as conn:
            found = outbox.find_parked(conn, key_prefix)
        if not found:
            raise ParkedEventError(f"no parked event has a key starting {key_prefix!r}")
        if len(found) > 1:
            raise ParkedEventError(f"{len(found)} parked events match {key_prefix!r}: give more")
        return found[0]

    def resend(self, key_prefix: str, by: str) -> ParkedEvent:
        """Back into the outbox, in its place: the agent's next round sends it (and
        parks it again if central still refuses it)."""
        event = self._one(key_prefix)
        with write_tx(self.engine) as conn:
            outbox.release(conn, event.key)
            audit(conn, self.clock.now(), by, "sync_event_resend", **_details(event))
        return event

    def drop(self, key_prefix: str, by: str) -> ParkedEvent:
        """Never send it; it stays listed as dropped until the retention prunes it."""
        event = self._one(key_prefix)
        if event.dropped_at is not None:
            raise ParkedEventError(f"event {event.key} was dropped already")
        with write_tx(self.engine) as conn:
            outbox.drop(conn, event.key, self.clock.now(), by)
            audit(conn, self.clock.now(), by, "sync_event_drop", **_details(event))
        return event


def _details(event: ParkedEvent) -> dict[str, Any]:
    return {
        "key": event.key,
        "seq": event.seq,
        "kind": event.kind,
        "status": event.status,
        "reason": event.reason,
    }
