"""Unknown order codes at one kiosk, counted in the centre store (`guess_counters`,
subject `codes:<device>`): after `limit` in `minutes` the kiosk cools down (the
check-in answers `CoolingDown` until the window ends, without looking codes up)
and staff are alerted on the management screen and, through the heartbeat, in the
IT view. In the check-in's transaction the code is looked up, then an unknown one is
counted (one conditional UPDATE, so parallel guesses never pass the limit) and a known
one only checked against it: while the kiosk cools down, no code gets an answer."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from sqlalchemy import Connection, Engine

from kiosk_app.services.kiosk.types import CoolingDown
from kiosk_app.store import audit_repo, guess_repo
from kiosk_app.store.engine import read_tx, write_tx
from server_sync.kernel.clock import Clock
from server_sync.kernel.lockout import seconds_left

log = logging.getLogger("asanq.kiosk")
PREFIX = "codes:"
ALERT = "code_guessing"


class CodeGuesses:
    def __init__(
        self,
        engine: Engine,
        clock: Clock,
        device_id: str,
        limit: int,
        minutes: int,
        alert_minutes: int,
    ) -> None:
        self._engine = engine
        self._clock = clock
        self._device = device_id
        self._subject = f"{PREFIX}{device_id}"[:80]
        self._limit, self._minutes, self._alert_minutes = limit, minutes, alert_minutes

    def _cooling(self, started: datetime | None, now: datetime) -> CoolingDown:
        ends = (started or now) + timedelta(minutes=self._minutes)
        return CoolingDown(max(1, seconds_left(ends, now)))

    def claim(self) -> tuple[int, datetime] | CoolingDown:
        """Count the code about to be looked up: `(count, window)`, or `CoolingDown`."""
        with write_tx(self._engine) as conn:
            return self.claim_in(conn, self._clock.now())

    def claim_in(self, conn: Connection, now: datetime) -> tuple[int, datetime] | CoolingDown:
        """`claim` inside the caller's write transaction (the check-in's own: one commit
        for the count, the look-up and the ticket)."""
        claim = guess_repo.claim_code(conn, self._subject, now, self._limit, self._minutes)
        if claim is None:
            return self._cooling(guess_repo.window_of(conn, self._subject), now)
        return claim

    def cooling_in(self, conn: Connection, now: datetime) -> CoolingDown | None:
        """CoolingDown while `limit` codes were counted in the window that runs now
        (what `claim_in` would answer), without counting (inside the caller's tx)."""
        found = guess_repo.counted(conn, self._subject)
        if found is None:
            return None
        count, started = found
        if count < self._limit or started <= now - timedelta(minutes=self._minutes):
            return None
        return self._cooling(started, now)

    def known(self, window: datetime) -> None:
        with write_tx(self._engine) as conn:
            self.known_in(conn, window)

    def known_in(self, conn: Connection, window: datetime) -> None:
        """The code was known: it does not count (inside the caller's transaction)."""
        guess_repo.give_back_code(conn, self._subject, window)

    def unknown(self, count: int, window: datetime) -> CoolingDown | None:
        """The code was unknown; at the limit, alert staff and cool down."""
        if count < self._limit:
            return None
        now = self._clock.now()
        with write_tx(self._engine) as conn:
            until = now + timedelta(minutes=self._alert_minutes)
            guess_repo.set_alert_until(conn, self._subject, until)
            audit_repo.audit(conn, now, None, ALERT, device=self._device, codes=count)
        log.warning(
            "unknown order codes at a kiosk", extra={"device": self._device, "codes": count}
        )
        return self._cooling(window, now)


def guessing_alerts(engine: Engine, now: datetime) -> set[str]:
    """The devices whose guessing alert holds now."""
    with read_tx(engine) as conn:
        found = guess_repo.alerts_until(conn, PREFIX)
    return {device for device, until in found.items() if until > now}
