"""Statements of the SMS outbox, on either store's `sms_outbox` table (`sms_tables`).

Claiming is race-free across processes: a row is taken by a conditional UPDATE
(free or lease expired) that sets a fresh `claim_token`, and every later write of
the sender checks that token, so a sender whose lease ran out cannot overwrite the
work of the one that took the row over. The per-phone count runs after the row is
locked: on SQLite the transaction holds the write lock from its first statement
(BEGIN IMMEDIATE), on PostgreSQL a transaction-scoped advisory lock on the phone's
key serialises the senders of one phone.
"""

from __future__ import annotations

import secrets
import zlib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache
from typing import Any

import sqlalchemy as sa

from server_sync.domain.confirmation import keyed_hash

Row = sa.Row[Any]


def insert(conn: sa.Connection, table: sa.Table, values: Mapping[str, Any]) -> bool:
    """Queue one SMS; False (nothing queued) when its `dedupe_key` is already there."""
    key = values.get("dedupe_key")
    if key is None:
        conn.execute(table.insert().values(**values))
        return True
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        statement: Any = pg_insert(table).values(**values)
    else:
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert

        statement = sqlite_insert(table).values(**values)
    result = conn.execute(statement.on_conflict_do_nothing(index_elements=["dedupe_key"]))
    return bool(result.rowcount)


def phone_key(secret: str, phone: str) -> str:
    """The keyed hash of a phone number, kept after sending for the rate limit."""
    digits = "".join(ch for ch in phone if ch.isdigit())
    return keyed_hash(secret, "sms-phone", digits)


def new_reference() -> str:
    """An SMS's own id, the same for every try of it."""
    return secrets.token_hex(10)


@dataclass(frozen=True)
class QueuedSms:
    """What a caller hands to the outbox."""

    kind: str
    to: str
    language: str
    text: str
    booking_id: int | None = None
    dedupe_key: str | None = None
    expires_at: datetime | None = None


def enqueue_sms(
    conn: sa.Connection, table: sa.Table, sms: QueuedSms, now: datetime, secret: str
) -> bool:
    """Queue `sms` in the caller's transaction; False when its dedupe key was queued
    before (nothing new is queued)."""
    return insert(
        conn,
        table,
        {
            "kind": sms.kind,
            "reference": new_reference(),
            "dedupe_key": sms.dedupe_key,
            "to_phone": sms.to,
            "phone_key": phone_key(secret, sms.to),
            "language": sms.language,
            "text": sms.text,
            "booking_id": sms.booking_id,
            "created_at": now,
            "next_attempt_at": now,
            "expires_at": sms.expires_at,
        },
    )


def _due(table: sa.Table, now: datetime) -> sa.ColumnElement[bool]:
    c = table.c
    free = c.claimed_until.is_(None) | (c.claimed_until < now)
    return c.sent_at.is_(None) & c.failed_at.is_(None) & (c.next_attempt_at <= now) & free


def claim_due(
    conn: sa.Connection, table: sa.Table, now: datetime, lease_s: float, limit: int, token: str
) -> list[Row]:
    """Claim up to `limit` due SMS for `lease_s` seconds under `token`, oldest first."""
    c = table.c
    due = _due(table, now)
    ids = conn.execute(sa.select(c.id).where(due).order_by(c.id).limit(limit)).scalars().all()
    claimed = []
    until = now + timedelta(seconds=lease_s)
    for sms_id in ids:
        result = conn.execute(
            table.update()
            .where((c.id == sms_id) & due)
            .values(claimed_until=until, claim_token=token)
        )
        if result.rowcount == 1:
            claimed.append(sms_id)
    if not claimed:
        return []
    return list(conn.execute(sa.select(table).where(c.id.in_(claimed)).order_by(c.id)).all())


def ours(table: sa.Table, sms_id: int, token: str) -> sa.ColumnElement[bool]:
    """The row is still claimed by this sender (its token, not yet sent or given up)."""
    c = table.c
    return (c.id == sms_id) & (c.claim_token == token) & c.sent_at.is_(None) & c.failed_at.is_(None)


def lock_phone(conn: sa.Connection, phone_key: str) -> None:
    """Serialise the senders of one phone until this transaction ends (PostgreSQL;
    SQLite's BEGIN IMMEDIATE already serialises every writer)."""
    if conn.dialect.name == "postgresql":
        key = zlib.crc32(phone_key.encode("ascii")) - 2**31
        conn.execute(sa.text("SELECT pg_advisory_xact_lock(:k)"), {"k": key})


def sent_since(
    conn: sa.Connection, table: sa.Table, phone_key: str, since: datetime, but: int
) -> tuple[int, datetime | None]:
    """How many SMS to this phone were sent (or are being submitted) since `since`,
    and the earliest of those times."""
    statement = _sent_since_statement(table)
    count, first = conn.execute(
        statement, {"phone_key": phone_key, "since": since, "but": but}
    ).one()
    return int(count), first


@cache
def _sent_since_statement(table: sa.Table) -> sa.Select[Any]:
    """Built once a table: it runs before every SMS, and building costs more than running."""
    c = table.c
    at = sa.func.coalesce(c.sent_at, c.submitted_at)
    recent = (
        (c.phone_key == sa.bindparam("phone_key"))
        & (c.id != sa.bindparam("but"))
        & (c.failed_at.is_(None) | c.sent_at.is_not(None))
        & (at > sa.bindparam("since", type_=c.sent_at.type))
    )
    return sa.select(sa.func.count(), sa.func.min(at)).where(recent)


def update_ours(
    conn: sa.Connection, table: sa.Table, sms_id: int, token: str, values: Mapping[str, Any]
) -> bool:
    result = conn.execute(table.update().where(ours(table, sms_id, token)).values(**values))
    return result.rowcount == 1


def mark_sent(conn: sa.Connection, table: sa.Table, sms_id: int, values: Mapping[str, Any]) -> bool:
    """Record a send (whoever holds the claim now: the centre has it either way)."""
    c = table.c
    result = conn.execute(
        table.update().where((c.id == sms_id) & c.sent_at.is_(None)).values(**values)
    )
    return result.rowcount == 1


def record_receipt(
    conn: sa.Connection, table: sa.Table, message_id: str, state: str, at: datetime
) -> bool:
    c = table.c
    result = conn.execute(
        table.update()
        .where(c.message_id == message_id)
        .values(receipt_state=state[:16], receipt_at=at)
    )
    return bool(result.rowcount)


def pending(conn: sa.Connection, table: sa.Table) -> int:
    c = table.c
    return int(
        conn.execute(
            sa.select(sa.func.count()).where(c.sent_at.is_(None) & c.failed_at.is_(None))
        ).scalar_one()
    )


def purge_done(conn: sa.Connection, table: sa.Table, before: datetime) -> int:
    """Delete SMS sent or given up before `before` (their text is already empty)."""
    c = table.c
    done = c.sent_at.is_not(None) | c.failed_at.is_not(None)
    return int(conn.execute(table.delete().where(done & (c.created_at < before))).rowcount)
