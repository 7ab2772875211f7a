"""Reading and writing the central store, one small function per statement.

Every function takes an open `Connection` inside the caller's transaction, so
services decide what is atomic. The capacity check is a conditional UPDATE on
the slot's counter row (`taken < capacity`): PostgreSQL locks the row and
re-checks the condition for the second of two racing transactions, SQLite runs
whole transactions one at a time (BEGIN IMMEDIATE); either way a slot is never
overbooked.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Mapping
from datetime import date, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from server_sync.store.tables import (
    bookings,
    catalogue_documents,
    confirmation_codes,
    mail_outbox,
    slot_counters,
)

Row = sa.Row[Any]

# --- catalogue -------------------------------------------------------------


def save_catalogue(conn: sa.Connection, data: Mapping[str, Any], now: datetime) -> int:
    """Store a new catalogue version (one more than the latest) and return it."""
    latest = conn.execute(sa.select(sa.func.max(catalogue_documents.c.version))).scalar()
    version = (latest or 0) + 1
    document = dict(data)
    document["version"] = version
    conn.execute(
        catalogue_documents.insert().values(
            version=version, data=json.dumps(document, ensure_ascii=False), created_at=now
        )
    )
    return version


def latest_catalogue_version(conn: sa.Connection) -> int | None:
    return conn.execute(sa.select(sa.func.max(catalogue_documents.c.version))).scalar()


def load_catalogue_document(conn: sa.Connection, version: int) -> dict[str, Any]:
    text = conn.execute(
        sa.select(catalogue_documents.c.data).where(catalogue_documents.c.version == version)
    ).scalar_one()
    result: dict[str, Any] = json.loads(text)
    return result


# --- slots -----------------------------------------------------------------


def _insert_ignore(conn: sa.Connection, table: sa.Table, values: Mapping[str, Any]) -> None:
    insert = pg_insert if conn.dialect.name == "postgresql" else sqlite_insert
    conn.execute(insert(table).values(**values).on_conflict_do_nothing())


def reserve_place(conn: sa.Connection, resource: str, day: date, start: str, capacity: int) -> bool:
    """Take one place of the slot if fewer than `capacity` are taken."""
    key = (
        (slot_counters.c.resource == resource)
        & (slot_counters.c.day == day)
        & (slot_counters.c.start == start)
    )
    update = (
        slot_counters.update()
        .where(key & (slot_counters.c.taken < capacity))
        .values(taken=slot_counters.c.taken + 1)
    )
    if conn.execute(update).rowcount == 1:
        return True
    if capacity <= 0:
        return False
    _insert_ignore(conn, slot_counters, {"resource": resource, "day": day, "start": start})
    return conn.execute(update).rowcount == 1


def release_place(conn: sa.Connection, resource: str, day: date, start: str) -> None:
    conn.execute(
        slot_counters.update()
        .where(
            (slot_counters.c.resource == resource)
            & (slot_counters.c.day == day)
            & (slot_counters.c.start == start)
            & (slot_counters.c.taken > 0)
        )
        .values(taken=slot_counters.c.taken - 1)
    )


def taken_places(conn: sa.Connection, resource: str, day: date) -> dict[str, int]:
    rows = conn.execute(
        sa.select(slot_counters.c.start, slot_counters.c.taken).where(
            (slot_counters.c.resource == resource) & (slot_counters.c.day == day)
        )
    )
    return {str(start): int(taken) for start, taken in rows.tuples()}


# --- bookings ----------------------------------------------------------------


def insert_booking(conn: sa.Connection, values: Mapping[str, Any]) -> int:
    result = conn.execute(bookings.insert().values(**values).returning(bookings.c.id))
    return int(result.scalar_one())


def find_booking(conn: sa.Connection, order_code: str) -> Row | None:
    return conn.execute(sa.select(bookings).where(bookings.c.order_code == order_code)).first()


def update_booking(
    conn: sa.Connection,
    booking_id: int,
    expected: Collection[str] | None,
    values: Mapping[str, Any],
) -> bool:
    """Change a booking if its status is still one of `expected` (None: any).

    A change a centre must see is then put into the feed (`change_feed.mark_changed`)."""
    where = bookings.c.id == booking_id
    if expected is not None:
        where = where & bookings.c.status.in_(sorted(expected))
    return bool(conn.execute(bookings.update().where(where).values(**values)).rowcount == 1)


def link_citizen(conn: sa.Connection, booking_id: int, citizen_id: int) -> None:
    """The booking was made by a signed-in citizen (their "Mənim müraciətlərim")."""
    conn.execute(bookings.update().where(bookings.c.id == booking_id).values(citizen_id=citizen_id))


# --- confirmation codes --------------------------------------------------------


def insert_code(conn: sa.Connection, values: Mapping[str, Any]) -> None:
    conn.execute(confirmation_codes.insert().values(**values))


def latest_code(conn: sa.Connection, email_key: str) -> Row | None:
    return conn.execute(
        sa.select(confirmation_codes)
        .where(confirmation_codes.c.email_key == email_key)
        .order_by(confirmation_codes.c.id.desc())
        .limit(1)
    ).first()


def codes_sent_since(
    conn: sa.Connection, since: datetime, email_key: str, client_key: str
) -> tuple[int, int]:
    c = confirmation_codes.c
    by_email = conn.execute(
        sa.select(sa.func.count()).where((c.email_key == email_key) & (c.created_at >= since))
    ).scalar_one()
    by_client = conn.execute(
        sa.select(sa.func.count()).where((c.client_key == client_key) & (c.created_at >= since))
    ).scalar_one()
    return int(by_email), int(by_client)


def count_wrong_try(conn: sa.Connection, code_id: int) -> None:
    conn.execute(
        confirmation_codes.update()
        .where(confirmation_codes.c.id == code_id)
        .values(tries=confirmation_codes.c.tries + 1)
    )


def use_code(conn: sa.Connection, code_id: int, max_tries: int, now: datetime) -> bool:
    """Mark the code used unless someone else did first (single use, race-free)."""
    c = confirmation_codes.c
    return (
        conn.execute(
            confirmation_codes.update()
            .where((c.id == code_id) & c.used_at.is_(None) & (c.tries < max_tries))
            .values(used_at=now)
        ).rowcount
        == 1
    )


# --- mail outbox -------------------------------------------------------------


def enqueue_mail(
    conn: sa.Connection,
    kind: str,
    to_address: str,
    language: str,
    payload: Mapping[str, Any],
    now: datetime,
    booking_id: int | None = None,
) -> None:
    conn.execute(
        mail_outbox.insert().values(
            kind=kind,
            to_address=to_address,
            language=language,
            payload=json.dumps(payload, ensure_ascii=False),
            booking_id=booking_id,
            created_at=now,
            next_attempt_at=now,
        )
    )


def claim_due_mail(conn: sa.Connection, now: datetime, lease_s: int, limit: int) -> list[Row]:
    """Claim up to `limit` due messages for this sender for `lease_s` seconds."""
    m = mail_outbox.c
    free = m.claimed_until.is_(None) | (m.claimed_until < now)
    due = m.sent_at.is_(None) & m.failed_at.is_(None) & (m.next_attempt_at <= now) & free
    ids = conn.execute(sa.select(m.id).where(due).order_by(m.id).limit(limit)).scalars().all()
    claimed = []
    for mail_id in ids:
        result = conn.execute(
            mail_outbox.update()
            .where((m.id == mail_id) & due)
            .values(claimed_until=now + timedelta(seconds=lease_s))
        )
        if result.rowcount == 1:
            claimed.append(mail_id)
    if not claimed:
        return []
    return list(conn.execute(sa.select(mail_outbox).where(m.id.in_(claimed))).all())
