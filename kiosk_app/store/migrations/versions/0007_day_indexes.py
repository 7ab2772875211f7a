"""The day's running totals and the indexes that keep screens off the day's tickets.

Indexes: the waiting queue in call order, a service's last finished tickets, the
day's tickets by end time. Tables: service_day_stats, day_duration_counts,
day_call_minutes, filled here from the tickets already stored (the rule is the
one in kiosk_app.domain.day_stats at the time of writing, copied so that this
migration never changes).

Revision ID: 0007_day_indexes
Revises: 0006_queue_index
"""

from __future__ import annotations

import math
from collections import defaultdict
from datetime import datetime

import sqlalchemy as sa
from alembic import op

revision = "0007_day_indexes"
down_revision = "0006_queue_index"
branch_labels = None
depends_on = None

_BUCKET_SECONDS = 6
_RECENT = 20


def upgrade() -> None:
    op.create_index(
        "ix_tickets_waiting_order",
        "tickets",
        ["centre_id", "day", "status", "call_time", "id", "service_id", "counter"],
    )
    op.create_index(
        "ix_tickets_service_finished",
        "tickets",
        ["centre_id", "day", "service_id", "status", "finished_at", "served_at"],
    )
    op.create_index("ix_tickets_finished", "tickets", ["centre_id", "day", "finished_at"])
    stats = op.create_table(
        "service_day_stats",
        sa.Column("centre_id", sa.String(length=64), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("service_id", sa.String(length=64), nullable=False),
        sa.Column("issued", sa.Integer(), nullable=False),
        sa.Column("served", sa.Integer(), nullable=False),
        sa.Column("no_show", sa.Integer(), nullable=False),
        sa.Column("waits", sa.Integer(), nullable=False),
        sa.Column("wait_minutes", sa.Float(), nullable=False),
        sa.Column("service_minutes", sa.Float(), nullable=False),
        sa.Column("recent_minutes", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint(
            "centre_id", "day", "service_id", name=op.f("pk_service_day_stats")
        ),
    )
    durations = op.create_table(
        "day_duration_counts",
        sa.Column("centre_id", sa.String(length=64), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("bucket", sa.Integer(), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint(
            "centre_id", "day", "kind", "bucket", name=op.f("pk_day_duration_counts")
        ),
    )
    minutes = op.create_table(
        "day_call_minutes",
        sa.Column("centre_id", sa.String(length=64), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("minute", sa.DateTime(), nullable=False),
        sa.Column("calls", sa.Integer(), nullable=False),
        sa.Column("wait_minutes", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("centre_id", "day", "minute", name=op.f("pk_day_call_minutes")),
    )
    _backfill(stats, durations, minutes)


def _bucket(seconds: float) -> int:
    return max(math.ceil(round(seconds, 6) / _BUCKET_SECONDS), 0)


def _backfill(stats: sa.Table, durations: sa.Table, minutes: sa.Table) -> None:
    """What every ticket stored so far adds to the totals (naive UTC times here)."""
    t = sa.table(
        "tickets",
        sa.column("centre_id", sa.String),
        sa.column("day", sa.Date),
        sa.column("service_id", sa.String),
        sa.column("status", sa.String),
        *(
            sa.column(name, sa.DateTime)
            for name in ("issued_at", "slot_at", "called_at", "served_at", "finished_at")
        ),
    )
    per_service: dict[tuple[object, ...], list[float]] = defaultdict(lambda: [0, 0, 0, 0, 0.0, 0.0])
    counts: dict[tuple[object, ...], int] = defaultdict(int)
    calls: dict[tuple[object, ...], list[float]] = defaultdict(lambda: [0, 0.0])
    recent: dict[tuple[object, ...], list[tuple[datetime, float]]] = defaultdict(list)
    rows = op.get_bind().execute(sa.select(t)).mappings()
    for r in rows:
        key = (r["centre_id"], r["day"], r["service_id"])
        day_key = (r["centre_id"], r["day"])
        s = per_service[key]
        s[0] += 1
        wait: float | None = None
        if r["called_at"] is not None:
            start: datetime = r["issued_at"]
            if r["slot_at"] is not None and r["slot_at"] > start:
                start = r["slot_at"]
            wait = max((r["called_at"] - start).total_seconds(), 0.0)
            s[3] += 1
            s[4] += wait / 60
            counts[(*day_key, "wait", _bucket(wait))] += 1
            minute = r["called_at"].replace(second=0, microsecond=0)
            c = calls[(*day_key, minute)]
            c[0] += 1
            c[1] += wait / 60
        if r["status"] == "served":
            s[1] += 1
            if wait is not None:
                counts[(*day_key, "served_wait", _bucket(wait))] += 1
            if r["served_at"] is not None and r["finished_at"] is not None:
                service = max((r["finished_at"] - r["served_at"]).total_seconds(), 0.0)
                s[5] += service / 60
                counts[(*day_key, "service", _bucket(service))] += 1
                last = recent[key]
                last.append((r["finished_at"], service / 60))
                if len(last) > 4 * _RECENT:
                    last.sort()
                    del last[:-_RECENT]
        elif r["status"] == "no_show":
            s[2] += 1
    names = ("issued", "served", "no_show", "waits", "wait_minutes", "service_minutes")
    _insert(
        stats,
        [
            {
                "centre_id": c,
                "day": d,
                "service_id": sid,
                **dict(zip(names, v, strict=True)),
                "recent_minutes": [m for _, m in sorted(recent[(c, d, sid)])[-_RECENT:]],
            }
            for (c, d, sid), v in per_service.items()
        ],
    )
    _insert(
        durations,
        [
            {"centre_id": c, "day": d, "kind": k, "bucket": b, "n": n}
            for (c, d, k, b), n in counts.items()
        ],
    )
    _insert(
        minutes,
        [
            {"centre_id": c, "day": d, "minute": m, "calls": v[0], "wait_minutes": v[1]}
            for (c, d, m), v in calls.items()
        ],
    )


def _insert(table: sa.Table, rows: list[dict[str, object]]) -> None:
    for i in range(0, len(rows), 1000):
        op.bulk_insert(table, rows[i : i + 1000])


def downgrade() -> None:
    op.drop_table("day_call_minutes")
    op.drop_table("day_duration_counts")
    op.drop_table("service_day_stats")
    op.drop_index("ix_tickets_finished", table_name="tickets")
    op.drop_index("ix_tickets_service_finished", table_name="tickets")
    op.drop_index("ix_tickets_waiting_order", table_name="tickets")
