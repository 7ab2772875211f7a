"""Signing in with login and password, with the lock-out of `account_sql.claim_sign_in`.

Every attempt is first counted as a failure in one conditional UPDATE that also sets
the lock (the `max_failed_sign_ins`-th failure locks for `lockout_minutes`, each
further one for twice as long, up to `lockout_max_minutes`); only an attempt that
statement let through has its password evaluated. After `captcha_after_failures`
failures of the login, or of the client address within the hour, the captcha is
asked too. Unknown logins answer as slowly and in the same words as wrong passwords.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.engine import Engine

from server_sync.config import AccountSettings
from server_sync.domain.accounts import login_key
from server_sync.domain.confirmation import keyed_hash
from server_sync.domain.validation import FieldProblem
from server_sync.kernel.clock import Clock
from server_sync.kernel.lockout import LockoutRule
from server_sync.services.accounts.hashing import SecretHasher
from server_sync.services.accounts.sessions import Sessions
from server_sync.services.captcha import CaptchaService
from server_sync.services.errors import Refusal, refuse
from server_sync.store import account_sql

FAILURE_EVENT = "sign_in_failure"


@dataclass(frozen=True)
class SignedIn:
    token: str
    citizen_id: int
    language: str


class SignIn:
    def __init__(
        self,
        engine: Engine,
        hasher: SecretHasher,
        sessions: Sessions,
        captcha: CaptchaService,
        settings: AccountSettings,
        secret: str,
        clock: Clock,
    ) -> None:
        self._engine = engine
        self._hasher = hasher
        self._sessions = sessions
        self._captcha = captcha
        self._settings = settings
        self._secret = secret
        self._clock = clock

    def _client_key(self, client: str) -> str:
        return keyed_hash(self._secret, "client", client)

    def captcha_needed(self, login: str, client: str) -> bool:
        limit = self._settings.captcha_after_failures
        if limit == 0:
            return True
        now = self._clock.now()
        with self._engine.connect() as conn:
            state = account_sql.lock_state(conn, login_key(login)) if login.strip() else None
            recent = account_sql.events_since(
                conn, FAILURE_EVENT, self._client_key(client), now - timedelta(hours=1)
            )
            conn.commit()
        return recent >= limit or (state is not None and state.failed_sign_ins >= limit)

    def _failed(self, client: str) -> None:
        with self._engine.begin() as conn:
            account_sql.record_event(
                conn, FAILURE_EVENT, self._client_key(client), self._clock.now()
            )

    def _locked(self, key: str) -> Refusal:
        now = self._clock.now()
        with self._engine.connect() as conn:
            state = account_sql.lock_state(conn, key)
            conn.commit()
        until = state.locked_until if state is not None else None
        wait = math.ceil((until - now).total_seconds()) if until and until > now else 60
        return refuse(429, "password", "account_locked", retry_after=max(1, wait))

    def _claim(self, key: str, now: datetime, rule: LockoutRule) -> Any:
        """Count one attempt: the claimed row, or None for an unknown login; Refusal
        when the login is locked. A claim refused by a lock that a right password
        lifted a moment later is claimed again, so it is evaluated rather than told
        "locked" for a lock that no longer holds."""
        for _ in range(3):
            with self._engine.begin() as conn:
                claim = account_sql.claim_sign_in(conn, key, now, rule)
            if claim is not None:
                return claim
            with self._engine.connect() as conn:
                state = account_sql.lock_state(conn, key)
                conn.commit()
            if state is None:
                return None
            if state.locked_until is not None and state.locked_until > now:
                break
        raise self._locked(key)

    def check_password(self, login: str, password: str, client: str) -> tuple[int, str]:
        """The citizen's id and language when `password` is right, under the lock-out;
        raises `Refusal` otherwise (`sign_in_failed`, `account_locked`, `sign_in_retry`)."""
        key = login_key(login)
        now = self._clock.now()
        threshold = self._settings.max_failed_sign_ins
        rule = LockoutRule(
            threshold, self._settings.lockout_minutes, self._settings.lockout_max_minutes
        )
        try:
            claim = self._claim(key, now, rule)
        except Refusal:
            self._failed(client)
            raise
        if claim is None:
            self._failed(client)
            self._hasher.waste(password)
            raise refuse(422, "password", "sign_in_failed")
        if not self._hasher.verify(claim.password_hash, password):
            self._failed(client)
            if claim.failed_sign_ins >= threshold:
                raise self._locked(key)
            raise refuse(422, "password", "sign_in_failed")
        with self._engine.begin() as conn:
            cleared = account_sql.clear_failures(conn, claim.id, claim.failed_sign_ins, now)
        if not cleared:  # another attempt came in while this one was checked
            with self._engine.connect() as conn:
                state = account_sql.lock_state(conn, key)
                conn.commit()
            if state is not None and state.locked_until and state.locked_until > now:
                raise self._locked(key)
            raise refuse(409, "password", "sign_in_retry")
        return int(claim.id), str(claim.language)

    def sign_in(
        self,
        login: str,
        password: str,
        client: str,
        kind: str = "web",
        captcha_token: str = "",
        captcha_answer: str = "",
    ) -> SignedIn:
        if not login.strip() or not password:
            problems = []
            if not login.strip():
                problems.append(("login", "required"))
            if not password:
                problems.append(("password", "required"))
            raise Refusal(422, [FieldProblem(f, c) for f, c in problems])
        if self.captcha_needed(login, client):
            self._captcha.check(captcha_token, captcha_answer, client)
        citizen_id, language = self.check_password(login, password, client)
        with self._engine.connect() as conn:
            row = account_sql.find_citizen(conn, citizen_id)
            conn.commit()
        if row is None or row.activated_at is None:
            raise refuse(422, "login", "not_activated")
        with self._engine.begin() as conn:
            token = self._sessions.open(conn, citizen_id, kind)
        return SignedIn(token, citizen_id, language)
