"""Staff roles and the lock-out rule for sign-in (pure)."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime, timedelta


class Role(enum.StrEnum):
    OPERATOR = "operator"  # works a counter
    MANAGER = "manager"  # watches the centre, reports
    IT = "it"  # devices; sees the management screen


@dataclass(frozen=True)
class LockoutPolicy:
    max_failures: int = 5
    lock_minutes: int = 15


@dataclass(frozen=True)
class SignInRecord:
    """What sign-in needs of a staff user (the hash is checked by the service)."""

    username: str
    full_name: str
    role: Role
    failed_attempts: int
    locked_until: datetime | None
    active: bool


def is_locked(record: SignInRecord, now: datetime) -> bool:
    return record.locked_until is not None and now < record.locked_until


def after_failure(
    failed_attempts: int, now: datetime, policy: LockoutPolicy
) -> tuple[int, datetime | None]:
    """(failures, locked_until) after one more wrong password. Reaching the
    limit locks the account for `lock_minutes` and starts the count afresh."""
    failed = failed_attempts + 1
    if failed >= policy.max_failures:
        return 0, now + timedelta(minutes=policy.lock_minutes)
    return failed, None
