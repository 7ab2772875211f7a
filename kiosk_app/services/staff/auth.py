"""Staff sign-in: argon2 hashes, lock-out after repeated failures, audited.

The same message is shown for an unknown user and a wrong password, so the
screen does not tell a passer-by which usernames exist.
"""

from __future__ import annotations

import logging

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Engine

from kiosk_app.domain.staff import LockoutPolicy, Role, after_failure, is_locked
from kiosk_app.services.staff.store_errors import store_errors
from kiosk_app.services.staff.types import SignInRefused, StaffSession
from kiosk_app.store import audit_repo, staff_repo
from kiosk_app.store.engine import write_tx
from server_sync.kernel.clock import Clock

__all__ = ["SignInRefused", "StaffAuth", "StaffSession"]

log = logging.getLogger("asanq.staff")

MIN_SECRET = 4  # a PIN of 4 digits at the least


class StaffAuth:
    def __init__(self, engine: Engine, clock: Clock, policy: LockoutPolicy | None = None) -> None:
        self.engine = engine
        self.clock = clock
        self.policy = policy or LockoutPolicy()
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
        username = username.strip()
        if not username or not secret:
            return SignInRefused("empty")
        now = self.clock.now()
        with write_tx(self.engine) as conn:
            found = staff_repo.get_user(conn, username)
            if found is None:
                audit_repo.audit(conn, now, None, "sign_in_failed", user=username[:64])
                return SignInRefused("wrong")
            record, digest = found
            if not record.active:
                audit_repo.audit(conn, now, username, "sign_in_refused", why="inactive")
                return SignInRefused("inactive")
            if is_locked(record, now):
                audit_repo.audit(conn, now, username, "sign_in_refused", why="locked")
                return SignInRefused("locked", record.locked_until)
            if not self._verify(digest, secret):
                failed, until = after_failure(record.failed_attempts, now, self.policy)
                staff_repo.set_failures(conn, username, failed, until)
                action = "locked_out" if until else "sign_in_failed"
                audit_repo.audit(conn, now, username, action)
                if until:
                    log.warning("staff account locked", extra={"user": username})
                    return SignInRefused("locked", until)
                return SignInRefused("wrong")
            staff_repo.set_failures(conn, username, 0, None)
            if self.hasher.check_needs_rehash(digest):
                staff_repo.set_secret(conn, username, self.hasher.hash(secret))
            audit_repo.audit(conn, now, username, "sign_in", role=record.role.value)
        log.info("staff signed in", extra={"user": username, "role": record.role.value})
        return StaffSession(record.username, record.full_name, record.role)

    def sign_out(self, session: StaffSession) -> None:
        with write_tx(self.engine) as conn:
            audit_repo.audit(conn, self.clock.now(), session.username, "sign_out")

    def _verify(self, digest: str, secret: str) -> bool:
        try:
            return self.hasher.verify(digest, secret)
        except (VerificationError, InvalidHashError):
            return False
