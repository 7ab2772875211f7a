"""The sync pull's change feed: every change of a booking gets a change number,
numbers appear in the order changes become visible, and no booking transaction
waits for another one to get its number.

PostgreSQL. A write leaves `bookings.change_seq` NULL: "changed, not numbered
yet" (the booking insert, a cancel, a centre's event, the purge). A pull first
runs `number_changes` in a short transaction of its own: it locks the counter
row (numberers go one at a time), locks the unnumbered rows in id order,
skipping rows a writer still holds, numbers them after the counter, moves the
counter and commits. A change still being committed is invisible to it and is
numbered by a later pull, above every number handed out before. A pull then
returns numbers up to the committed counter only, so its cursor never moves
past a change that could still turn up below it: no change is ever skipped.
Writers touch no shared row; only pullers queue, and only when there is
something to number.

SQLite. One writer at a time (`BEGIN IMMEDIATE`), so a write takes the next
number from the counter itself and a pull has nothing to number.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from server_sync.store.tables import bookings, change_counter

NAME = "bookings"
BATCH = 50_000  # rows numbered per statement (a very large purge takes a few)

_NUMBER = sa.text(
    "WITH locked AS (SELECT id FROM bookings WHERE change_seq IS NULL"
    " ORDER BY id LIMIT :batch FOR UPDATE SKIP LOCKED),"
    " numbered AS (SELECT id, row_number() OVER (ORDER BY id) AS n FROM locked)"
    " UPDATE bookings SET change_seq = :base + numbered.n FROM numbered"
    " WHERE bookings.id = numbered.id AND bookings.change_seq IS NULL"
    " RETURNING bookings.change_seq"
)


def numbers_at_write(conn: sa.Connection) -> bool:
    """True where a write numbers its own change (SQLite); False where a pull does."""
    return conn.dialect.name != "postgresql"


def take_numbers(conn: sa.Connection, count: int) -> list[int | None]:
    """The `change_seq` values for `count` changed bookings of this transaction:
    NULLs to be numbered by the next pull (PostgreSQL), or the next numbers (SQLite)."""
    if not numbers_at_write(conn):
        return [None] * count
    if count <= 0:
        return []
    top = int(
        conn.execute(
            change_counter.update()
            .where(change_counter.c.name == NAME)
            .values(value=change_counter.c.value + count)
            .returning(change_counter.c.value)
        ).scalar_one()
    )
    return list(range(top - count + 1, top + 1))


def mark_changed(conn: sa.Connection, booking_ids: Sequence[int]) -> None:
    """Put these bookings back into the feed (after any change a centre must see)."""
    for booking_id, number in zip(booking_ids, take_numbers(conn, len(booking_ids)), strict=True):
        conn.execute(bookings.update().where(bookings.c.id == booking_id).values(change_seq=number))


def head(conn: sa.Connection) -> int:
    """The highest committed change number: every change up to it is visible."""
    value = conn.execute(
        sa.select(change_counter.c.value).where(change_counter.c.name == NAME)
    ).scalar_one()
    return int(value)


def head_and_pending(conn: sa.Connection) -> tuple[int, bool]:
    """`head`, and whether committed changes wait for a number (one statement)."""
    unnumbered = sa.exists().where(bookings.c.change_seq.is_(None))
    found = conn.execute(
        sa.select(change_counter.c.value, unnumbered).where(change_counter.c.name == NAME)
    ).one()
    return int(found[0]), bool(found[1])


def number_changes(engine: Engine) -> int:
    """Number the committed changes that have no number yet; returns how many."""
    if engine.dialect.name != "postgresql":
        return 0
    numbered = 0
    with engine.begin() as conn:
        base = int(
            conn.execute(
                sa.select(change_counter.c.value)
                .where(change_counter.c.name == NAME)
                .with_for_update()
            ).scalar_one()
        )
        while True:
            given = conn.execute(_NUMBER, {"base": base, "batch": BATCH}).scalars().all()
            if given:
                base = max(base, *(int(n) for n in given))
                numbered += len(given)
            if len(given) < BATCH:
                break
        conn.execute(
            change_counter.update().where(change_counter.c.name == NAME).values(value=base)
        )
    return numbered
