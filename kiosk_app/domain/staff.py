"""Staff roles and what sign-in needs of a staff user (pure). The lock-out rule is
the shared one, `server_sync.kernel.lockout.LockoutRule`."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime


class Role(enum.StrEnum):
    OPERATOR = "operator"  # works a counter
    MANAGER = "manager"  # watches the centre, reports
    IT = "it"  # devices; sees the management screen


@dataclass(frozen=True)
class SignInRecord:
    """What sign-in needs of a staff user (the hash is checked by the service)."""

    username: str
    full_name: str
    role: Role
    failed_attempts: int
    locked_until: datetime | None
    active: bool
