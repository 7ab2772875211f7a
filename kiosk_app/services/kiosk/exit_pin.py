"""The kiosk's staff exit PIN under the shared lock-out rule, counted in the centre
store (`guess_counters`, subject `exit_pin:<device>`): a restart does not clear the
lock, and a burst of tries never gets more than the rule's threshold evaluated."""

from __future__ import annotations

import logging

from sqlalchemy import Engine

from kiosk_app.services.kiosk.pin import verify_pin
from kiosk_app.services.kiosk.types import PinVerdict
from kiosk_app.store import audit_repo, guess_repo
from kiosk_app.store.engine import write_tx
from server_sync.kernel.clock import Clock
from server_sync.kernel.lockout import LockoutRule, seconds_left

log = logging.getLogger("asanq.kiosk")


class ExitPinGuard:
    def __init__(
        self, engine: Engine, clock: Clock, pin_hash: str, device_id: str, rule: LockoutRule
    ) -> None:
        self._engine = engine
        self._clock = clock
        self._hash = pin_hash
        self._device = device_id
        self._subject = f"exit_pin:{device_id}"[:80]
        self._rule = rule

    def check(self, pin: str) -> PinVerdict:
        now = self._clock.now()
        with write_tx(self._engine) as conn:
            claim = guess_repo.claim_pin(conn, self._subject, now, self._rule)
            if claim is None:
                left = seconds_left(guess_repo.locked_until(conn, self._subject), now)
                return PinVerdict(False, left)
        failures, until = claim
        if verify_pin(self._hash, pin):
            with write_tx(self._engine) as conn:
                if not guess_repo.clear_pin(conn, self._subject, failures):
                    left = seconds_left(guess_repo.locked_until(conn, self._subject), now)
                    if left:
                        return PinVerdict(False, left)
                audit_repo.audit(conn, now, None, "kiosk_exit", device=self._device)
            return PinVerdict(True)
        left = seconds_left(until, now)
        with write_tx(self._engine) as conn:
            action = "exit_pin_locked" if left else "exit_pin_failed"
            audit_repo.audit(conn, now, None, action, device=self._device, failures=failures)
        if left:
            log.warning("kiosk exit PIN locked", extra={"device": self._device, "seconds": left})
        return PinVerdict(False, left)
