"""Staff sign-in: argon2 hashes, the shared time-based lock-out (15 min after 5
failures, doubling), every attempt audited.

The same message is shown for an unknown user and a wrong password, so the
screen does not tell a passer-by which usernames exist.
"""

from __future__ import annotations

import logging
from datetime import datetime

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Connection, Engine

from kiosk_app.domain.staff import Role, SignInRecord
from kiosk_app.services.staff.store_errors import store_errors
from kiosk_app.services.staff.types import SignInRefused, StaffSession
from kiosk_app.store import audit_repo, staff_repo
from kiosk_app.store.engine import write_tx
from server_sync.kernel.clock import Clock
from server_sync.kernel.lockout import LockoutRule

__all__ = ["SignInRefused", "StaffAuth", "StaffSession"]


def is_locked(record: SignInRecord, now: datetime) -> bool:
    return record.locked_until is not None and now < record.locked_until


log = logging.getLogger("asanq.staff")

MIN_SECRET = 4  # a PIN of 4 digits at the least


class StaffAuth:
    def __init__(self, engine: Engine, clock: Clock, rule: LockoutRule | None = None) -> None:
        self.engine = engine
        self.clock = clock
        self.rule = rule or LockoutRule()
        # Moderate cost: a sign-in takes ~50 ms, fine at a counter, slow for guessing.
        self.hasher = PasswordHasher(time_cost=2, memory_cost=19_456, parallelism=1)

    def hash_secret(self, secret: str) -> str:
        if len(secret) < MIN_SECRET:
            raise ValueError(f"a password or PIN needs at least {MIN_SECRET} characters")
        return self.hasher.hash(secret)

    def add_user(self, username: str, full_name: str, role: Role, secret: str) -> None:
        digest = self.hash_secret(secret)
        now = self.clock.now()
        with write_tx(self.engine) as conn:
            staff_repo.add_user(conn, username, full_name, role, digest)
            audit_repo.audit(conn, now, None, "user_added", user=username, role=role.value)

    @store_errors
    def sign_in(self, username: str, secret: str) -> StaffSession | SignInRefused:
        """Sign in under the shared lock-out rule: the attempt is counted, and the lock
        set, in one conditional UPDATE before the secret is evaluated, so parallel
        guesses never get more than `rule.threshold` PINs evaluated."""
        username = username.strip()
        if not username or not secret:
            return SignInRefused("empty")
        now = self.clock.now()
        with write_tx(self.engine) as conn:
            claim = staff_repo.claim_sign_in(conn, username, now, self.rule)
            if claim is None:
                return self._not_claimed(conn, username, now)
        digest, failures, until = claim
        if not self._verify(digest, secret):
            with write_tx(self.engine) as conn:
                if until is not None:
                    audit_repo.audit(conn, now, username, "locked_out", failures=failures)
                else:
                    audit_repo.audit(conn, now, username, "sign_in_failed")
            if until is not None:
                log.warning("staff account locked", extra={"user": username})
                return SignInRefused("locked", until)
            return SignInRefused("wrong")
        with write_tx(self.engine) as conn:
            if not staff_repo.clear_failures(conn, username, failures):
                found = staff_repo.get_user(conn, username)  # other attempts came in meanwhile
                if found is not None and is_locked(found[0], now):
                    audit_repo.audit(conn, now, username, "sign_in_refused", why="locked")
                    return SignInRefused("locked", found[0].locked_until)
            if self.hasher.check_needs_rehash(digest):
                staff_repo.set_secret(conn, username, self.hasher.hash(secret))
            found = staff_repo.get_user(conn, username)
            assert found is not None
            record = found[0]
            audit_repo.audit(conn, now, username, "sign_in", role=record.role.value)
        log.info("staff signed in", extra={"user": username, "role": record.role.value})
        return StaffSession(record.username, record.full_name, record.role)

    def _not_claimed(self, conn: Connection, username: str, now: datetime) -> SignInRefused:
        found = staff_repo.get_user(conn, username)
        if found is None:
            audit_repo.audit(conn, now, None, "sign_in_failed", user=username[:64])
            return SignInRefused("wrong")
        record = found[0]
        if not record.active:
            audit_repo.audit(conn, now, username, "sign_in_refused", why="inactive")
            return SignInRefused("inactive")
        audit_repo.audit(conn, now, username, "sign_in_refused", why="locked")
        return SignInRefused("locked", record.locked_until)

    def unlock(self, username: str, by: str | None = None) -> bool:
        """Open a locked staff user early (audited); False when unknown."""
        with write_tx(self.engine) as conn:
            found = staff_repo.unlock(conn, username)
            if found:
                audit_repo.audit(conn, self.clock.now(), by, "unlocked", user=username)
        return found

    def sign_out(self, session: StaffSession) -> None:
        with write_tx(self.engine) as conn:
            audit_repo.audit(conn, self.clock.now(), session.username, "sign_out")

    def _verify(self, digest: str, secret: str) -> bool:
        try:
            return self.hasher.verify(digest, secret)
        except (VerificationError, InvalidHashError):
            return False
