"""The centre store as the sync agent sees it (implemented in kiosk_app).

`server_sync` never imports `kiosk_app`, so the agent depends on this Protocol;
`kiosk_app.services.sync_store.CentreSyncStore` is the real adapter.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Protocol

from server_sync.sync.planner import ApplyPlan, Cursor
from server_sync.sync.protocol import DeviceReport, OutboxEvent, ParkedReport, QueueSnapshot


class CentreStorePort(Protocol):
    def cursor(self) -> Cursor:
        """The durable cursor (as of the last committed pull)."""
        ...

    def apply(self, plan: ApplyPlan, at: datetime) -> None:
        """Write the pulled catalogue, bookings and config and the new cursors in ONE
        transaction (a catalogue the centre cannot read is logged and skipped, and
        its cursor not moved)."""
        ...

    def expire_overdue(self, now: datetime) -> int:
        """Close (and queue events for) the bookings not checked in by slot + grace."""
        ...

    def unsent_events(self, limit: int) -> Sequence[OutboxEvent]:
        """The oldest unsent outbox events, in outbox order."""
        ...

    def mark_sent(self, keys: Sequence[str], at: datetime) -> None: ...

    def park(self, key: str, status: int, reason: str, at: datetime) -> None:
        """Set one refused event aside (the dead letters) so the rest goes on."""
        ...

    def parked(self) -> tuple[int, Sequence[ParkedReport]]:
        """How many events are parked, and the oldest of them for the heartbeat."""
        ...

    def backlog(self) -> int:
        """How many outbox events wait to be sent."""
        ...

    def catalogue_version(self) -> int: ...

    def running_config_cursor(self, now: datetime) -> int:
        """The last config push every running screen has loaded (the heartbeat's
        "applied"), never above `cursor().config`."""
        ...

    def devices(self) -> Sequence[DeviceReport]: ...

    def queue_snapshot(self, day: date, now: datetime) -> QueueSnapshot: ...
