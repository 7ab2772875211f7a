"""The agent's pure decisions: what to send, what to apply, when to wait.

No I/O here: the agent loop (`agent.py`) asks these functions and performs the
HTTP calls and store writes around them, so the decisions are tested as plain
data.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from server_sync.kernel.booking import Booking
from server_sync.sync.protocol import (
    PROTOCOL_VERSION,
    ConfigPush,
    OutboxEvent,
    PullResponse,
)


class ProtocolMismatch(Exception):
    """The central service answered something this agent must not apply."""


@dataclass(frozen=True)
class Cursor:
    """Where the centre is: the last central change number it applied, the last
    IT config push it applied, and the central catalogue version it holds. All
    only grow."""

    bookings: int = 0
    config: int = 0
    catalogue: int = 0


@dataclass(frozen=True)
class ApplyPlan:
    bookings: list[Booking]
    config: list[ConfigPush]
    cursor: Cursor
    skipped: int  # records refused (another centre's)
    catalogue: dict[str, Any] | None = None  # the newer central catalogue, applied first


@dataclass(frozen=True)
class Backoff:
    """Exponential back-off with jitter: the n-th consecutive failure waits a
    random time in [d/2, d], d = min(cap, base·2ⁿ), so many centres coming back
    after an outage do not hit the central service in step."""

    base_s: float = 1.0
    cap_s: float = 60.0

    def delay(self, failures: int, unit_random: float) -> float:
        ceiling = min(self.cap_s, self.base_s * 2.0 ** max(failures - 1, 0))
        return ceiling * (0.5 + 0.5 * min(max(unit_random, 0.0), 1.0))


def push_batches(events: Sequence[OutboxEvent], max_batch: int) -> list[list[OutboxEvent]]:
    """Split unsent events into batches in centre order (by `seq`), each key once."""
    seen: set[str] = set()
    ordered = []
    for event in sorted(events, key=lambda e: e.seq):
        if event.key not in seen:
            seen.add(event.key)
            ordered.append(event)
    return [ordered[i : i + max_batch] for i in range(0, len(ordered), max_batch)]


def plan_apply(response: PullResponse, cursor: Cursor, centre_id: str) -> ApplyPlan:
    """What of a pull answer to write, and the cursor to store with it."""
    if response.protocol != PROTOCOL_VERSION:
        raise ProtocolMismatch(
            f"protocol {response.protocol}, this agent speaks {PROTOCOL_VERSION}"
        )
    if response.centre_id != centre_id:
        raise ProtocolMismatch(f"pull answered for centre {response.centre_id!r}")
    if response.cursor < cursor.bookings:
        raise ProtocolMismatch(f"cursor went back from {cursor.bookings} to {response.cursor}")
    mine = [r for r in response.bookings if r.centre_id == centre_id]
    config = sorted((p for p in response.config if p.id > cursor.config), key=lambda p: p.id)
    new_config = config[-1].id if config else cursor.config
    catalogue, held = None, cursor.catalogue
    update = response.catalogue
    if update is not None and update.catalogue is not None and update.version > held:
        catalogue, held = dict(update.catalogue), update.version
    return ApplyPlan(
        [r.to_booking() for r in mine],
        [p for p in config if not superseded(p, held)],
        Cursor(response.cursor, new_config, held),
        len(response.bookings) - len(mine),
        catalogue,
    )


def superseded(push: ConfigPush, catalogue_version: int) -> bool:
    """Whether the central catalogue the centre pulled (`catalogue_version`) already
    holds this push or replaces it. A catalogue or hours push to every centre made
    that version itself (`data.version`); a trial catalogue pushed to one centre
    holds until the next central version after the one it was pushed on
    (`data.based_on`). Settings pushes are not about the catalogue."""
    if push.kind == "settings" or not catalogue_version:
        return False
    if "based_on" in push.data:
        return catalogue_version > int(push.data["based_on"])
    return catalogue_version >= int(push.data.get("version", 0))


def heartbeat_due(
    last_sent: float | None, now: float, interval_s: float, snapshot_changed: bool
) -> bool:
    """Send a heartbeat every `interval_s`, and at once when the queue changed."""
    return last_sent is None or snapshot_changed or now - last_sent >= interval_s


def catalogue_after_push(
    current: Mapping[str, Any], push: ConfigPush, centre_id: str
) -> dict[str, Any] | None:
    """The catalogue document after applying `push` at `centre_id`, or None
    when the push does not change the catalogue (settings)."""
    if push.kind == "catalogue":
        document = dict(push.data)
        document.pop("based_on", None)
        # The check-in window's default is the central setting's, which a pushed
        # file does not carry: keep the one the centre holds.
        if "checkin_window" not in document and "checkin_window" in current:
            document["checkin_window"] = current["checkin_window"]
        return document
    if push.kind != "hours":
        return None
    document = copy.deepcopy(dict(current))
    for centre in document.get("centres", []):
        if centre.get("id") == centre_id:
            centre["hours"] = push.data["hours"]
            if "holidays" in push.data:
                centre["holidays"] = push.data["holidays"]
    document["version"] = max(int(document.get("version", 0)), int(push.data.get("version", 0)))
    return document
