"""Personal data of accounts, kept only as long as needed (part of the housekeeping
purge, on the bookings' schedule and `asan-queue server purge`).

Deleted: accounts unused for `accounts.retention_days` unless the citizen chose to
keep theirs, registrations never activated within `accounts.unactivated_hours`,
expired sessions, and spent codes, used captchas and rate events older than a day.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from server_sync.config import AccountSettings
from server_sync.kernel.clock import Clock
from server_sync.store import account_sql
from server_sync.store.account_tables import (
    account_codes,
    captcha_uses,
    citizen_sessions,
    citizens,
    rate_events,
)


@dataclass(frozen=True)
class AccountPurgeReport:
    accounts: int
    unactivated: int


class AccountPurge:
    def __init__(self, engine: Engine, settings: AccountSettings, clock: Clock) -> None:
        self._engine = engine
        self._settings = settings
        self._clock = clock

    def run(self, dry_run: bool = False) -> AccountPurgeReport:
        now = self._clock.now()
        c = citizens.c
        unused = (
            c.activated_at.is_not(None)
            & (c.last_active_at < now - timedelta(days=self._settings.retention_days))
            & ~c.keep_account
        )
        unfinished = c.activated_at.is_(None) & (
            c.created_at < now - timedelta(hours=self._settings.unactivated_hours)
        )
        day_ago = now - timedelta(days=1)
        with self._engine.begin() as conn:
            old = conn.execute(sa.select(c.id).where(unused)).scalars().all()
            pending = conn.execute(sa.select(c.id).where(unfinished)).scalars().all()
            if dry_run:
                return AccountPurgeReport(len(old), len(pending))
            for citizen_id in [*old, *pending]:
                account_sql.delete_citizen(conn, int(citizen_id))
            conn.execute(citizen_sessions.delete().where(citizen_sessions.c.expires_at < now))
            conn.execute(account_codes.delete().where(account_codes.c.created_at < day_ago))
            conn.execute(captcha_uses.delete().where(captcha_uses.c.used_at < day_ago))
            conn.execute(rate_events.delete().where(rate_events.c.at < day_ago))
        return AccountPurgeReport(len(old), len(pending))
