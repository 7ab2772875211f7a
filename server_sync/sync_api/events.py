"""Taking a centre's pushed events: stored once, applied by the sync rules.

A batch is one transaction: every event is stored once per (centre,
idempotency key); its effect on the booking it names follows `sync.rules`
(in the centre's sequence, never by a clock); changed bookings go back into
the change feed, so the centre's next pull sees them. A batch naming another
centre's booking is refused whole (403) and changes nothing. The same batch
arriving twice at once (an answer lost, the agent retrying) loses the race on
the unique key and is retried as duplicates.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Engine

from server_sync.kernel.booking import BookingStatus
from server_sync.kernel.clock import Clock
from server_sync.services.errors import refuse
from server_sync.store import change_feed
from server_sync.store.sync_models import sync_centres, sync_conflicts, sync_events
from server_sync.store.tables import bookings
from server_sync.sync.protocol import OutboxEvent, PushBatch, PushResult
from server_sync.sync.rules import EventOutcome, booking_event_outcome

log = logging.getLogger("asanq.sync")

_B = bookings.c


def _known(conn: sa.Connection, centre_id: str, keys: list[str]) -> set[str]:
    """Which of `keys` this centre's events already have.

    On PostgreSQL the keys come as one array and each is looked up in the unique index
    (`unnest` joined to it): psycopg prepares a statement it runs often, and the
    generic plan of `key IN (…500 parameters…)` filtered every stored event of the
    centre against a list it cannot hash (75 ms a batch at 10,000 events, growing)."""
    e = sync_events.c
    if conn.dialect.name != "postgresql":
        query = sa.select(e.idempotency_key).where(
            (e.centre_id == centre_id) & e.idempotency_key.in_(keys)
        )
        return set(conn.execute(query).scalars())
    wanted = (
        sa.func.unnest(sa.bindparam("keys", keys, type_=ARRAY(sa.String)))
        .table_valued("key")
        .render_derived()
    )
    stored = sa.exists().where((e.centre_id == centre_id) & (e.idempotency_key == wanted.c.key))
    return {str(k) for k in conn.execute(sa.select(wanted.c.key).where(stored)).scalars()}


def insert_ignore(conn: sa.Connection, table: sa.Table, values: Mapping[str, Any]) -> None:
    insert = pg_insert if conn.dialect.name == "postgresql" else sqlite_insert
    conn.execute(insert(table).values(**values).on_conflict_do_nothing())


@dataclass
class _BookingState:
    id: int
    status: BookingStatus
    checked_in_at: datetime | None = None
    changed: bool = False


class ResultSink(Protocol):
    """Where a centre's `application_result` events go (`Applications.apply_result`)."""

    def apply_result(
        self, conn: sa.Connection, number: str, status: str, reason: str, by: str, now: datetime
    ) -> tuple[str, str, int] | None: ...


class EventIntake:
    def __init__(self, engine: Engine, clock: Clock, results: ResultSink | None = None) -> None:
        self._engine = engine
        self._clock = clock
        self._results = results

    def push(self, centre_id: str, batch: PushBatch) -> PushResult:
        """Store a batch of events exactly once and apply them (module doc)."""
        if batch.centre_id != centre_id:
            raise refuse(403, "centre_id", "other_centre")
        for attempt in range(3):
            try:
                return self._push_once(centre_id, batch.events)
            except sa.exc.IntegrityError:
                # The same batch committed meanwhile by a request we gave up on.
                if attempt == 2:
                    raise
                log.info("push raced with a re-delivery from %s; retrying", centre_id)
        raise AssertionError("unreachable")  # pragma: no cover

    def _push_once(self, centre_id: str, events: list[OutboxEvent]) -> PushResult:
        now = self._clock.now()
        keys = [e.key for e in events]
        with self._engine.begin() as conn:
            existing = self._known_keys(conn, centre_id, keys)
            codes = {e.booking_code for e in events if e.booking_code}
            states = self._booking_states(conn, centre_id, codes)
            latest = self._latest_seqs(conn, centre_id, list(states))
            new_rows, conflicts = [], []
            seen = set(existing)
            for event in sorted(events, key=lambda e: e.seq):
                if event.key in seen:
                    continue
                seen.add(event.key)
                outcome = self._apply_event(event, states, latest)
                if event.kind == "application_result":
                    outcome = self._application_result(conn, centre_id, event, now)
                new_rows.append(_event_row(centre_id, event, outcome, now))
                if outcome.conflict:
                    conflicts.append(
                        {
                            "centre_id": centre_id,
                            "booking_code": event.booking_code,
                            "kind": outcome.conflict,
                            "idempotency_key": event.key,
                            "detail": f"{event.kind} {event.at.isoformat(' ', 'seconds')}",
                            "created_at": now,
                        }
                    )
            if new_rows:
                conn.execute(sync_events.insert(), new_rows)
            if conflicts:
                conn.execute(sync_conflicts.insert(), conflicts)
                log.warning("%d sync conflicts from %s", len(conflicts), centre_id)
            self._count_events(conn, centre_id, len(new_rows), now)
            self._save_bookings(conn, [s for s in states.values() if s.changed], now)
        return PushResult(
            acked=list(dict.fromkeys(keys)),
            new=len(new_rows),
            duplicates=len(set(keys)) - len(new_rows),
            conflicts=len(conflicts),
        )

    def _application_result(
        self, conn: sa.Connection, centre_id: str, event: OutboxEvent, now: datetime
    ) -> EventOutcome:
        """The counter's result of an application, applied once (its key is new)."""
        if self._results is None:
            return EventOutcome(None, label="stored")
        p = event.payload
        refused = self._results.apply_result(
            conn,
            str(p.get("application_number", "")),
            str(p.get("status", "")),
            str(p.get("reason", "")),
            f"{centre_id}/{str(p.get('by', ''))[:40]}",
            now,
        )
        if refused is None:
            return EventOutcome(None, label="applied")
        log.warning("application result from %s refused: %s", centre_id, refused[1])
        return EventOutcome(None, conflict=f"application_{refused[1]}"[:32], label="conflict")

    @staticmethod
    def _save_bookings(conn: sa.Connection, changed: list[_BookingState], now: datetime) -> None:
        """Write the changed bookings back into the change feed (`change_feed`),
        so the centre's next pull sees them after everything it has seen."""
        if not changed:
            return
        ordered = sorted(changed, key=lambda s: s.id)
        rows = [
            {
                "b_id": state.id,
                "b_status": state.status.value,
                "b_checked_in_at": state.checked_in_at,
                "b_seq": number,
            }
            for state, number in zip(
                ordered, change_feed.take_numbers(conn, len(ordered)), strict=True
            )
        ]
        conn.execute(
            bookings.update()
            .where(_B.id == sa.bindparam("b_id"))
            .values(
                status=sa.bindparam("b_status"),
                checked_in_at=sa.func.coalesce(
                    sa.bindparam("b_checked_in_at", type_=_B.checked_in_at.type), _B.checked_in_at
                ),
                updated_at=now,
                change_seq=sa.bindparam("b_seq", type_=_B.change_seq.type),
            ),
            rows,
        )

    def _known_keys(self, conn: sa.Connection, centre_id: str, keys: list[str]) -> set[str]:
        found: set[str] = set()
        for i in range(0, len(keys), 500):
            found.update(_known(conn, centre_id, keys[i : i + 500]))
        return found

    def _booking_states(
        self, conn: sa.Connection, centre_id: str, codes: Iterable[str]
    ) -> dict[str, _BookingState]:
        states: dict[str, _BookingState] = {}
        code_list = sorted(codes)
        for i in range(0, len(code_list), 500):
            rows = conn.execute(
                sa.select(_B.id, _B.order_code, _B.centre_id, _B.status)
                .where(_B.order_code.in_(code_list[i : i + 500]))
                .order_by(_B.id)
                .with_for_update()
            ).all()
            for row in rows:
                if row.centre_id != centre_id:
                    log.warning("centre %s pushed an event for another centre's booking", centre_id)
                    raise refuse(403, "events.booking_code", "other_centre")
                states[row.order_code] = _BookingState(row.id, BookingStatus(row.status))
        return states

    @staticmethod
    def _latest_seqs(conn: sa.Connection, centre_id: str, codes: list[str]) -> dict[str, int]:
        """The highest centre sequence already stored per booking (rule 4)."""
        e = sync_events.c
        latest: dict[str, int] = {}
        for i in range(0, len(codes), 500):
            rows = conn.execute(
                sa.select(e.booking_code, sa.func.max(e.centre_seq))
                .where((e.centre_id == centre_id) & e.booking_code.in_(codes[i : i + 500]))
                .group_by(e.booking_code)
            )
            latest.update({str(code): int(seq) for code, seq in rows})
        return latest

    @staticmethod
    def _apply_event(
        event: OutboxEvent, states: dict[str, _BookingState], latest: dict[str, int]
    ) -> EventOutcome:
        if not event.booking_code:
            return EventOutcome(None, label="stored")
        state = states.get(event.booking_code)
        late = event.seq < latest.get(event.booking_code, -1)
        if not late:
            latest[event.booking_code] = event.seq
        outcome = booking_event_outcome(state.status if state else None, event.kind, late)
        if state is not None and outcome.new_status is not None:
            state.status = outcome.new_status
            state.changed = True
            if event.kind == "check_in":
                state.checked_in_at = event.at
        return outcome

    def _count_events(self, conn: sa.Connection, centre_id: str, new: int, now: datetime) -> None:
        if not new:
            return
        insert_ignore(conn, sync_centres, {"centre_id": centre_id})
        c = sync_centres.c
        conn.execute(
            sync_centres.update()
            .where(c.centre_id == centre_id)
            .values(events_received=c.events_received + new, last_event_at=now)
        )


def _event_row(
    centre_id: str, event: OutboxEvent, outcome: EventOutcome, now: datetime
) -> dict[str, Any]:
    day = event.payload.get("day")
    number = event.payload.get("number")
    return {
        "centre_id": centre_id,
        "idempotency_key": event.key,
        "centre_seq": event.seq,
        "kind": event.kind,
        "booking_code": event.booking_code,
        "day": str(day)[:10] if day else None,
        "number": str(number)[:8] if number else None,
        "centre_at": event.at,
        "received_at": now,
        "outcome": outcome.label,
        "payload": json.dumps(event.payload, ensure_ascii=False, default=str),
    }
