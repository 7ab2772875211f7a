"""The day's running totals (service_day_stats, day_duration_counts,
day_call_minutes), added to inside each ticket's own write transaction, and
each service's last 20 service times (what the estimates take the median of).

Every addition is one `INSERT … ON CONFLICT DO UPDATE SET n = n + excluded.n`,
so concurrent writers on PostgreSQL add up instead of overwriting each other.
What a ticket adds is the domain's rule (`kiosk_app.domain.day_stats`); the
store only stores it. `rebuild` recomputes a day from its tickets (for bulk
loads that bypass the use cases, and as the reference the tests compare with).
"""

from __future__ import annotations

from datetime import date
from functools import cache
from typing import Any

from sqlalchemy import Connection, and_, bindparam, delete, select, update
from sqlalchemy.sql import Insert

from kiosk_app.domain.day_stats import SERVED_WAIT, SERVICE, WAIT, DayStats, call_minute, stats_of
from kiosk_app.domain.estimates import RECENT
from kiosk_app.domain.figures import TicketFacts
from kiosk_app.domain.tickets import Ticket, TicketStatus
from kiosk_app.store import waiting_repo
from kiosk_app.store.dialects import sqlite_dialect, upsert
from kiosk_app.store.fast_sql import RawStatement
from kiosk_app.store.tables import day_call_minutes, day_duration_counts, service_day_stats

_COUNTERS = ("issued", "served", "no_show", "waits", "wait_minutes", "service_minutes")
_ZERO = dict.fromkeys(_COUNTERS, 0)
_NEW_SERVICE: dict[str, Any] = {"recent_minutes": []}  # a service's first row of the day


def _adding(
    dialect: str,
    table: Any,
    keys: tuple[str, ...],
    counters: tuple[str, ...],
    first: dict[str, Any] | None = None,
) -> Any:
    """`INSERT … ON CONFLICT (keys) DO UPDATE SET c = c + excluded.c` for each counter
    (`first`: values of other columns for a row's first insert only)."""
    ins = upsert(dialect, table).values(
        {c: bindparam(c, type_=table.c[c].type) for c in (*keys, *counters)} | (first or {})
    )
    return ins.on_conflict_do_update(
        index_elements=[table.c[k] for k in keys],
        set_={c: table.c[c] + getattr(ins.excluded, c) for c in counters},
    )


@cache
def _statements(dialect: str) -> tuple[Insert, Insert, Insert]:
    day = ("centre_id", "day")
    return (
        _adding(dialect, service_day_stats, (*day, "service_id"), _COUNTERS, _NEW_SERVICE),
        _adding(dialect, day_duration_counts, (*day, "kind", "bucket"), ("n",)),
        _adding(dialect, day_call_minutes, (*day, "minute"), ("calls", "wait_minutes")),
    )


@cache
def _raw_issued() -> RawStatement:
    return RawStatement(_statements("sqlite")[0], sqlite_dialect())


def add_issued(conn: Connection, centre_id: str, day: date, service_id: str) -> None:
    """One more ticket issued (the kiosk's hot path: prebuilt, raw on SQLite)."""
    values = {**_ZERO, "centre_id": centre_id, "day": day, "service_id": service_id, "issued": 1}
    if conn.dialect.name == "sqlite":
        _raw_issued().execute(conn, values)
    else:
        conn.execute(_statements(conn.dialect.name)[0], values)


def facts_of(ticket: Ticket) -> TicketFacts:
    return TicketFacts(
        ticket.service_id,
        ticket.status,
        ticket.issued_at,
        ticket.slot_at,
        ticket.called_at,
        ticket.served_at,
        ticket.finished_at,
    )


def add_first_call(conn: Connection, ticket: Ticket) -> None:
    """The ticket was called for the first time: its wait counts now."""
    facts = facts_of(ticket)
    wait = facts.wait_minutes
    if wait is None or ticket.called_at is None:
        return
    one = DayStats(waits=1, wait_minutes=wait)
    one.count(WAIT, wait)
    one.calls[call_minute(ticket.called_at)] = (1, wait)
    _add(conn, ticket.centre_id, ticket.day, ticket.service_id, one)


def add_finished(conn: Connection, ticket: Ticket) -> None:
    """The ticket was served or marked no-show: its outcome (and service time) counts."""
    facts = facts_of(ticket)
    one = DayStats()
    if ticket.status is TicketStatus.SERVED:
        one.served = 1
        wait, service = facts.wait_minutes, facts.service_minutes
        if wait is not None:
            one.count(SERVED_WAIT, wait)
        if service is not None:
            one.service_minutes = service
            one.count(SERVICE, service)
    elif ticket.status is TicketStatus.NO_SHOW:
        one.no_show = 1
    else:
        return
    _add(conn, ticket.centre_id, ticket.day, ticket.service_id, one)
    if SERVICE in one.buckets:
        # after the upsert above, which holds the row's lock on PostgreSQL until commit
        _remember(conn, ticket.centre_id, ticket.day, ticket.service_id, one.service_minutes)


def undo_no_show(conn: Connection, ticket: Ticket) -> None:
    """A no-show came back and waits again (`queue_repo.requeue`): no longer one."""
    one = DayStats()
    one.no_show = -1
    _add(conn, ticket.centre_id, ticket.day, ticket.service_id, one)


def _key(centre_id: str, day: date, service_id: str) -> Any:
    s = service_day_stats.c
    return and_(s.centre_id == centre_id, s.day == day, s.service_id == service_id)


def _remember(conn: Connection, centre_id: str, day: date, service_id: str, minutes: float) -> None:
    """Append a service time to the service's last `RECENT`."""
    where = _key(centre_id, day, service_id)
    ring = conn.execute(select(service_day_stats.c.recent_minutes).where(where)).scalar_one()
    ring = [*ring, minutes][-RECENT:]
    conn.execute(update(service_day_stats).where(where).values(recent_minutes=ring))


def recent_minutes(
    conn: Connection, centre_id: str, day: date, service_id: str | None = None
) -> dict[str, list[float]]:
    """The last `RECENT` service times of each service today (or of one), oldest first."""
    s = service_day_stats.c
    query = select(s.service_id, s.recent_minutes).where(s.centre_id == centre_id, s.day == day)
    if service_id is not None:
        query = query.where(s.service_id == service_id)
    return {sid: list(ring) for sid, ring in conn.execute(query)}


def _add(conn: Connection, centre_id: str, day: date, service_id: str, stats: DayStats) -> None:
    add_stats, add_counts, add_calls = _statements(conn.dialect.name)
    where = {"centre_id": centre_id, "day": day}
    totals = {c: getattr(stats, c) for c in _COUNTERS}
    if any(totals.values()):
        conn.execute(add_stats, {**where, "service_id": service_id, **totals})
    counts = [
        {**where, "kind": kind, "bucket": b, "n": n}
        for kind, buckets in stats.buckets.items()
        for b, n in buckets.items()
    ]
    if counts:
        conn.execute(add_counts, counts)
    calls = [
        {**where, "minute": minute, "calls": n, "wait_minutes": total}
        for minute, (n, total) in stats.calls.items()
    ]
    if calls:
        conn.execute(add_calls, calls)


def day_stats(conn: Connection, centre_id: str, day: date) -> DayStats:
    """The totals of one centre's day, all services together (a few hundred rows at most)."""
    stats = DayStats()
    s, d, m = service_day_stats.c, day_duration_counts.c, day_call_minutes.c
    columns = [s[c] for c in _COUNTERS]
    for r in conn.execute(select(*columns).where(s.centre_id == centre_id, s.day == day)):
        for c in _COUNTERS:
            setattr(stats, c, getattr(stats, c) + getattr(r, c))
    rows = conn.execute(select(d.kind, d.bucket, d.n).where(d.centre_id == centre_id, d.day == day))
    for kind, bucket, n in rows:
        stats.buckets.setdefault(kind, {})[bucket] = n
    rows = conn.execute(
        select(m.minute, m.calls, m.wait_minutes).where(m.centre_id == centre_id, m.day == day)
    )
    for minute, n, total in rows:
        stats.calls[minute] = (n, total)
    return stats


def rebuild(conn: Connection, centre_id: str, day: date) -> DayStats:
    """Recompute one day's totals from its tickets (inside the caller's write transaction)."""
    from kiosk_app.store.dashboard_repo import ticket_facts

    for table in (service_day_stats, day_duration_counts, day_call_minutes):
        conn.execute(delete(table).where(table.c.centre_id == centre_id, table.c.day == day))
    facts = ticket_facts(conn, centre_id, day, day)
    by_service: dict[str, list[TicketFacts]] = {}
    for f in facts:
        by_service.setdefault(f.service_id, []).append(f)
    for service_id, mine in by_service.items():
        _add(conn, centre_id, day, service_id, stats_of(mine))
        ring = waiting_repo.recent_service_minutes(conn, centre_id, day, service_id, RECENT)
        conn.execute(
            update(service_day_stats)
            .where(_key(centre_id, day, service_id))
            .values(recent_minutes=ring)
        )
    return stats_of(facts)
