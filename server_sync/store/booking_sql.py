"""The booking transaction's hot path as a few prepared statements.

A booking is three statements and a commit: use the confirmation code,
take a place, and insert the booking together with its change number and its
mail (one statement on PostgreSQL through data-modifying CTEs; three on SQLite,
where whole transactions run one at a time anyway). The statements are built
once. On PostgreSQL they go straight to the psycopg cursor of the
transaction's connection (psycopg prepares them server-side after a few uses):
SQLAlchemy's per-statement bookkeeping was a fifth of the server's CPU per
booking. Times are passed as naive UTC, as the `UtcDateTime` columns hold them.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

import sqlalchemy as sa

from server_sync.store.repositories import _insert_ignore, next_change_seq
from server_sync.store.tables import UtcDateTime, slot_counters

_USE_CODE_SQL = (
    "UPDATE confirmation_codes SET used_at = :now WHERE id = ("
    " SELECT id FROM confirmation_codes WHERE email_key = :email_key"
    " ORDER BY id DESC LIMIT 1)"
    " AND used_at IS NULL AND tries < :max_tries AND expires_at > :now"
    " AND code_hash = :code_hash RETURNING id"
)
_USE_CODE = sa.text(_USE_CODE_SQL).bindparams(sa.bindparam("now", type_=UtcDateTime))
_TAKE_PLACE_SQL = (
    "UPDATE slot_counters SET taken = taken + 1"
    " WHERE resource = :resource AND day = :day AND start = :start AND taken < :capacity"
)
_TAKE_PLACE = sa.text(_TAKE_PLACE_SQL).bindparams(sa.bindparam("day", type_=sa.Date))
_BOOKING_COLUMNS = (
    "order_code",
    "resource",
    "centre_id",
    "service_id",
    "day",
    "start",
    "status",
    "language",
    "first_name",
    "last_name",
    "father_name",
    "id_document",
    "phone",
    "email",
    "extra",
    "dedupe_key",
    "created_at",
    "updated_at",
)
_VALUES = ", ".join(f":{c}" for c in _BOOKING_COLUMNS)
_COLUMNS = ", ".join(_BOOKING_COLUMNS)
_PG_INSERT_SQL = (
    "WITH seq AS (UPDATE change_counter SET value = value + 1 WHERE name = 'bookings'"
    " RETURNING value),"
    f" booking AS (INSERT INTO bookings ({_COLUMNS}, change_seq)"
    f" SELECT {_VALUES}, seq.value FROM seq RETURNING id)"
    " INSERT INTO mail_outbox (kind, to_address, language, payload, booking_id, created_at,"
    " next_attempt_at, attempts)"
    " SELECT :mail_kind, :email, :language, :mail_payload, booking.id, :created_at,"
    " :created_at, 0 FROM booking RETURNING booking_id"
)
_PG_BOOK_SQL = (
    "WITH code AS (" + _USE_CODE_SQL + "),"
    " place AS (" + _TAKE_PLACE_SQL + " AND EXISTS (SELECT 1 FROM code) RETURNING 1),"
    " seq AS (UPDATE change_counter SET value = value + 1 WHERE name = 'bookings'"
    " AND EXISTS (SELECT 1 FROM place) RETURNING value),"
    f" booking AS (INSERT INTO bookings ({_COLUMNS}, change_seq)"
    f" SELECT {_VALUES}, seq.value FROM seq RETURNING id),"
    " mail AS (INSERT INTO mail_outbox (kind, to_address, language, payload, booking_id,"
    " created_at, next_attempt_at, attempts)"
    " SELECT :mail_kind, :email, :language, :mail_payload, booking.id, :created_at,"
    " :created_at, 0 FROM booking RETURNING booking_id)"
    " SELECT (SELECT count(*) FROM code), (SELECT count(*) FROM place),"
    " (SELECT booking_id FROM mail)"
)
_TYPES = (
    sa.bindparam("day", type_=sa.Date),
    sa.bindparam("created_at", type_=UtcDateTime),
    sa.bindparam("updated_at", type_=UtcDateTime),
)


def _psycopg(sql: str) -> str:
    """`:name` parameters as psycopg's `%(name)s`."""
    return re.sub(r"(?<![:\w]):([a-z_]+)", r"%(\1)s", sql)


_PG_USE_CODE = _psycopg(_USE_CODE_SQL)
_PG_TAKE_PLACE = _psycopg(_TAKE_PLACE_SQL)
_PG_INSERT = _psycopg(_PG_INSERT_SQL)
_PG_BOOK = _psycopg(_PG_BOOK_SQL)


class Outcome(enum.Enum):
    BOOKED = "booked"
    CODE_REFUSED = "code_refused"  # the caller finds out why (wrong, used, expired…)
    FULL = "full"


@dataclass(frozen=True)
class CodeUse:
    """Which confirmation code the booking uses up (hashes, not the code)."""

    email_key: str
    code_hash: str
    now: datetime
    max_tries: int


@dataclass(frozen=True)
class Place:
    """Which slot of which resource the booking takes, and its capacity."""

    resource: str
    day: date
    start: str
    capacity: int


def book(
    conn: sa.Connection,
    code: CodeUse,
    place: Place,
    values: dict[str, Any],
    mail_kind: str,
    mail_payload: str,
) -> tuple[Outcome, int | None]:
    """Use the code, take the place, insert the booking and its mail.

    On PostgreSQL the common case is one statement: the steps are chained
    CTEs, each running only if the one before succeeded (lock order: code,
    slot, change counter). When the slot's counter row does not exist yet,
    the place is taken step by step instead.
    """
    if conn.dialect.name == "postgresql":
        params = {
            **values,
            "email_key": code.email_key,
            "code_hash": code.code_hash,
            "now": _utc(code.now),
            "max_tries": code.max_tries,
            "resource": place.resource,
            "day": place.day,
            "start": place.start,
            "capacity": place.capacity,
            "created_at": _utc(values["created_at"]),
            "updated_at": _utc(values["updated_at"]),
            "mail_kind": mail_kind,
            "mail_payload": mail_payload,
        }
        code_used, placed, booking_id = _cursor(conn, _PG_BOOK, params).fetchone()
        if booking_id is not None:
            return Outcome.BOOKED, int(booking_id)
        if not code_used:
            return Outcome.CODE_REFUSED, None
        if placed:  # pragma: no cover - the change counter row always exists
            raise RuntimeError("booking not inserted although its place was taken")
    elif not use_code(conn, code.email_key, code.code_hash, code.now, code.max_tries):
        return Outcome.CODE_REFUSED, None
    if not take_place(conn, place.resource, place.day, place.start, place.capacity):
        return Outcome.FULL, None
    return Outcome.BOOKED, insert_booking(conn, values, mail_kind, mail_payload)


def _cursor(conn: sa.Connection, sql: str, params: dict[str, Any]) -> Any:
    """Run `sql` on the raw psycopg connection of `conn`'s transaction."""
    cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    try:
        cursor.execute(sql, params)
    except conn.dialect.loaded_dbapi.IntegrityError as exc:
        raise sa.exc.IntegrityError(sql, params, exc) from exc
    return cursor


def _utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(tzinfo=None)


_SQLITE_BOOKING = sa.text(
    f"INSERT INTO bookings ({_COLUMNS}, change_seq) VALUES ({_VALUES}, :change_seq) RETURNING id"
).bindparams(*_TYPES)
_SQLITE_MAIL = sa.text(
    "INSERT INTO mail_outbox (kind, to_address, language, payload, booking_id, created_at,"
    " next_attempt_at, attempts)"
    " VALUES (:mail_kind, :email, :language, :mail_payload, :booking_id, :created_at,"
    " :created_at, 0)"
).bindparams(sa.bindparam("created_at", type_=UtcDateTime))


def use_code(
    conn: sa.Connection, email_key: str, code_hash: str, now: datetime, max_tries: int
) -> bool:
    """Use the latest code of `email_key` if it is this one, valid and unused."""
    if conn.dialect.name == "postgresql":
        params = {
            "now": _utc(now),
            "email_key": email_key,
            "max_tries": max_tries,
            "code_hash": code_hash,
        }
        return _cursor(conn, _PG_USE_CODE, params).fetchone() is not None
    row = conn.execute(
        _USE_CODE,
        {
            "now": now,
            "email_key": email_key,
            "max_tries": max_tries,
            "code_hash": code_hash,
        },
    ).first()
    return row is not None


def take_place(conn: sa.Connection, resource: str, day: Any, start: str, capacity: int) -> bool:
    """Take one place of the slot if fewer than `capacity` are taken (race-free)."""
    params = {"resource": resource, "day": day, "start": start, "capacity": capacity}
    if conn.dialect.name == "postgresql":
        if _cursor(conn, _PG_TAKE_PLACE, params).rowcount == 1:
            return True
    elif conn.execute(_TAKE_PLACE, params).rowcount == 1:
        return True
    if capacity <= 0:
        return False
    _insert_ignore(conn, slot_counters, {"resource": resource, "day": day, "start": start})
    return bool(conn.execute(_TAKE_PLACE, params).rowcount == 1)


def insert_booking(
    conn: sa.Connection, values: dict[str, Any], mail_kind: str, mail_payload: str
) -> int:
    """Insert the booking with the next change number and queue its e-mail."""
    params = dict(values)
    params.update(mail_kind=mail_kind, mail_payload=mail_payload)
    if conn.dialect.name == "postgresql":
        params.update(created_at=_utc(params["created_at"]), updated_at=_utc(params["updated_at"]))
        return int(_cursor(conn, _PG_INSERT, params).fetchone()[0])
    params["change_seq"] = next_change_seq(conn)
    booking_id = int(conn.execute(_SQLITE_BOOKING, params).scalar_one())
    conn.execute(_SQLITE_MAIL, {**params, "booking_id": booking_id})
    return booking_id
