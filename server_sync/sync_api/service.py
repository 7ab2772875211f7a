"""The central side of sync: answer pulls, take pushed events, heartbeats, lookups.

Routes call this service; it owns the transactions. A pushed batch is one
transaction: every event is stored once per (centre, idempotency key), its
effect on the booking it names follows `sync.rules`, and booking changes get a
new change number as the last writes, so the centre's next pull sees them in
order. A batch naming another centre's booking is refused whole (403) and
changes nothing.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Engine

from server_sync.domain.booking import BookingStatus
from server_sync.domain.clock import Clock
from server_sync.services.errors import refuse
from server_sync.store.sync_models import (
    config_applied,
    config_pushes,
    sync_centres,
    sync_conflicts,
    sync_events,
    sync_queue,
)
from server_sync.store.tables import bookings, change_counter
from server_sync.sync.protocol import (
    BookingRecord,
    Heartbeat,
    HeartbeatAck,
    OutboxEvent,
    PushBatch,
    PushResult,
)
from server_sync.sync.rules import EventOutcome, booking_event_outcome

log = logging.getLogger("asanq.sync")

_B = bookings.c
_PULL_COLUMNS = (
    _B.order_code,
    _B.centre_id,
    _B.service_id,
    _B.day,
    _B.start,
    _B.status,
    _B.language,
    _B.first_name,
    _B.last_name,
    _B.father_name,
    _B.id_document,
    _B.phone,
    _B.email,
    _B.created_at,
    _B.checked_in_at,
    _B.change_seq,
)
_PERSONAL = ("first_name", "last_name", "father_name", "id_document", "phone", "email")
MAX_CONFIG_PER_PULL = 20


def _record(row: Mapping[Any, Any], personal: bool = True) -> dict[str, Any]:
    record = {
        "order_code": row["order_code"],
        "centre_id": row["centre_id"],
        "service_id": row["service_id"],
        "day": row["day"].isoformat(),
        "start": row["start"],
        "status": row["status"],
        "language": row["language"],
        "created_at": row["created_at"].isoformat(),
        "checked_in_at": row["checked_in_at"].isoformat() if row["checked_in_at"] else None,
        "change_seq": row["change_seq"],
    }
    for name in _PERSONAL:
        record[name] = (row[name] or "") if personal else ""
    return record


def _insert_ignore(conn: sa.Connection, table: sa.Table, values: Mapping[str, Any]) -> None:
    insert = pg_insert if conn.dialect.name == "postgresql" else sqlite_insert
    conn.execute(insert(table).values(**values).on_conflict_do_nothing())


@dataclass
class _BookingState:
    id: int
    status: BookingStatus
    checked_in_at: datetime | None = None
    changed: bool = False


class SyncService:
    def __init__(self, engine: Engine, clock: Clock) -> None:
        self._engine = engine
        self._clock = clock

    # --- pull -----------------------------------------------------------------

    def pull(
        self, centre_id: str, cursor: int, config_cursor: int, limit: int, count: bool
    ) -> dict[str, Any]:
        """The centre's booking changes above `cursor` (up to `limit`) and IT's
        config pushes above `config_cursor`, as a `PullResponse` document."""
        since = self._clock.now().date() - timedelta(days=1)
        mine = (_B.centre_id == centre_id) & (_B.change_seq > cursor) & (_B.day >= since)
        with self._engine.connect() as conn:
            # Read the head first: every change up to it is committed (see tables.py).
            head = int(
                conn.execute(
                    sa.select(change_counter.c.value).where(change_counter.c.name == "bookings")
                ).scalar_one()
            )
            rows = conn.execute(
                sa.select(*_PULL_COLUMNS)
                .where(mine & (_B.change_seq <= head))
                .order_by(_B.change_seq)
                .limit(limit)
            ).mappings()
            records = [_record(row) for row in rows]
            more = len(records) == limit
            remaining = None
            if count:
                remaining = int(
                    conn.execute(
                        sa.select(sa.func.count()).where(mine & (_B.change_seq <= head))
                    ).scalar_one()
                )
            config = self._pending_config(conn, centre_id, config_cursor)
            conn.commit()
        new_cursor = records[-1]["change_seq"] if more else max(head, cursor)
        return {
            "protocol": 1,
            "centre_id": centre_id,
            "bookings": records,
            "cursor": new_cursor,
            "more": more,
            "remaining": remaining,
            "config": config,
        }

    def _pending_config(
        self, conn: sa.Connection, centre_id: str, config_cursor: int
    ) -> list[dict[str, Any]]:
        p = config_pushes.c
        rows = conn.execute(
            sa.select(p.id, p.kind, p.data, p.note)
            .where((p.id > config_cursor) & p.target.in_([centre_id, "*"]))
            .order_by(p.id)
            .limit(MAX_CONFIG_PER_PULL)
        ).all()
        return [
            {"id": r.id, "kind": r.kind, "data": json.loads(r.data), "note": r.note} for r in rows
        ]

    # --- push -----------------------------------------------------------------

    def push(self, centre_id: str, batch: PushBatch) -> PushResult:
        """Store a batch of events exactly once and apply them; see module doc."""
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

    @staticmethod
    def _save_bookings(conn: sa.Connection, changed: list[_BookingState], now: datetime) -> None:
        """Write the changed bookings with fresh change numbers, as the
        transaction's last writes: the numbers are taken in one statement on
        the counter row, whose lock is then held to commit (see tables.py), so
        a puller never sees a higher number before a lower one commits."""
        if not changed:
            return
        top = int(
            conn.execute(
                change_counter.update()
                .where(change_counter.c.name == "bookings")
                .values(value=change_counter.c.value + len(changed))
                .returning(change_counter.c.value)
            ).scalar_one()
        )
        first = top - len(changed) + 1
        rows = [
            {
                "b_id": state.id,
                "b_status": state.status.value,
                "b_checked_in_at": state.checked_in_at,
                "b_seq": first + n,
            }
            for n, state in enumerate(sorted(changed, key=lambda s: s.id))
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
                change_seq=sa.bindparam("b_seq"),
            ),
            rows,
        )

    def _known_keys(self, conn: sa.Connection, centre_id: str, keys: list[str]) -> set[str]:
        e = sync_events.c
        found: set[str] = set()
        for i in range(0, len(keys), 500):
            chunk = keys[i : i + 500]
            found.update(
                conn.execute(
                    sa.select(e.idempotency_key).where(
                        (e.centre_id == centre_id) & e.idempotency_key.in_(chunk)
                    )
                ).scalars()
            )
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
        _insert_ignore(conn, sync_centres, {"centre_id": centre_id})
        c = sync_centres.c
        conn.execute(
            sync_centres.update()
            .where(c.centre_id == centre_id)
            .values(events_received=c.events_received + new, last_event_at=now)
        )

    # --- heartbeat ------------------------------------------------------------

    def heartbeat(self, centre_id: str, beat: Heartbeat) -> HeartbeatAck:
        if beat.centre_id != centre_id:
            raise refuse(403, "centre_id", "other_centre")
        now = self._clock.now()
        skew = round((beat.sent_at - now).total_seconds(), 1)
        devices = [d.model_dump(mode="json") for d in beat.devices]
        with self._engine.begin() as conn:
            _insert_ignore(conn, sync_centres, {"centre_id": centre_id})
            conn.execute(
                sync_centres.update()
                .where(sync_centres.c.centre_id == centre_id)
                .values(
                    last_heartbeat_at=now,
                    clock_skew_s=skew,
                    agent_version=beat.agent_version,
                    last_pull_at=beat.last_pull_at,
                    outbox_backlog=beat.outbox_backlog,
                    queue_length=beat.queue.waiting if beat.queue else None,
                    config_cursor=beat.config_cursor,
                    catalogue_version=beat.catalogue_version,
                    devices=json.dumps(devices, ensure_ascii=False),
                )
            )
            self._record_applied(conn, centre_id, beat.config_cursor, now)
            if beat.queue is not None:
                self._replace_queue(conn, centre_id, beat, now)
        return HeartbeatAck(received_at=now, clock_skew_s=skew)

    def _record_applied(
        self, conn: sa.Connection, centre_id: str, config_cursor: int, now: datetime
    ) -> None:
        p, a = config_pushes.c, config_applied.c
        done = sa.select(a.push_id).where(a.centre_id == centre_id)
        ids = conn.execute(
            sa.select(p.id).where(
                (p.id <= config_cursor) & p.target.in_([centre_id, "*"]) & p.id.not_in(done)
            )
        ).scalars()
        rows = [{"push_id": i, "centre_id": centre_id, "applied_at": now} for i in ids]
        if rows:
            conn.execute(config_applied.insert(), rows)

    def _replace_queue(
        self, conn: sa.Connection, centre_id: str, beat: Heartbeat, now: datetime
    ) -> None:
        assert beat.queue is not None
        conn.execute(sync_queue.delete().where(sync_queue.c.centre_id == centre_id))
        day = beat.queue.day.isoformat()
        rows = {
            t.number: {
                "centre_id": centre_id,
                "day": day,
                "updated_at": now,
                **t.model_dump(),
            }
            for t in beat.queue.tickets
        }
        if rows:
            conn.execute(sync_queue.insert(), list(rows.values()))

    # --- lookup ---------------------------------------------------------------

    def lookup(self, centre_id: str, order_code: str) -> BookingRecord | None:
        """The booking with this code; another centre's comes without personal data."""
        with self._engine.connect() as conn:
            row = (
                conn.execute(sa.select(*_PULL_COLUMNS).where(_B.order_code == order_code))
                .mappings()
                .first()
            )
            conn.commit()
        if row is None:
            return None
        return BookingRecord.model_validate(_record(row, personal=row["centre_id"] == centre_id))


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
