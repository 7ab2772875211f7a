"""The throttle on order-code lookups by client address (API, `/manage`, the ticket
status page): after `lookup_guesses_per_client` unknown codes in
`lookup_guess_minutes`, every lookup from that address is refused with 429 and
Retry-After until the window ends.

The count is kept in the central store (`guess_counters`), so every uvicorn worker
sees the same one, and each lookup is counted *before* it is evaluated, in one
conditional UPDATE: a burst of parallel guesses gets no more than the limit looked
up. A lookup that finds its booking is uncounted afterwards."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import TypeVar

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from server_sync.config import BookingSettings
from server_sync.domain.confirmation import keyed_hash
from server_sync.kernel.clock import Clock
from server_sync.kernel.lockout import seconds_left
from server_sync.services.errors import Refusal, refuse
from server_sync.store import guess_sql

log = logging.getLogger("asanq.server")
T = TypeVar("T")


class LookupGuard:
    def __init__(self, engine: Engine, booking: BookingSettings, secret: str, clock: Clock) -> None:
        self._engine = engine
        self._booking = booking
        self._secret = secret
        self._clock = clock

    def _subject(self, scope: str, client: str) -> str:
        return f"{scope}:{keyed_hash(self._secret, 'client', client)[:64]}"

    def guarded(self, client: str, lookup: Callable[[], T], scope: str = "code") -> T:
        """Run `lookup` under the throttle; a `Refusal` 404 from it counts as a guess."""
        limit, minutes = self._booking.lookup_guesses_per_client, self._booking.lookup_guess_minutes
        subject, now = self._subject(scope, client), self._clock.now()
        with self._tx() as conn:
            window = guess_sql.claim(conn, subject, now, limit, minutes)
            started = window if window is not None else guess_sql.window_of(conn, subject)
        if window is None:
            ends = started + timedelta(minutes=minutes) if started else now
            log.warning("order-code lookups throttled for a client (%s)", scope)
            raise refuse(
                429, "order_code", "too_many_lookups", retry_after=max(1, seconds_left(ends, now))
            )
        try:
            found = lookup()
        except Refusal as refusal:
            if refusal.status != 404:
                self._give_back(subject, window)
            raise
        self._give_back(subject, window)
        return found

    def _give_back(self, subject: str, window: datetime) -> None:
        with self._tx() as conn:
            guess_sql.give_back(conn, subject, window)

    @contextmanager
    def _tx(self) -> Iterator[sa.Connection]:
        """A transaction for the counters. They need no durability (a crash forgets a
        few counted guesses), so PostgreSQL does not wait for the WAL flush."""
        with self._engine.begin() as conn:
            if conn.dialect.name == "postgresql":
                conn.exec_driver_sql("SET LOCAL synchronous_commit TO OFF")
            yield conn
