"""The one lock-out rule of every secret typed by a person (citizen and IT passwords,
staff PINs, the kiosk's exit PIN): after `threshold` consecutive failures the subject
is locked for `base_minutes`, each further failure doubles the lock, up to
`max_minutes`. Pure; each store turns `schedule()` into its own conditional UPDATE so
the failure is counted, and the lock set, before the secret is evaluated."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta


def lockout_schedule(threshold: int, base_minutes: int, max_minutes: int) -> list[tuple[int, int]]:
    """`(failures, minutes locked)` from the `threshold`-th failure on, the lock doubling
    with each further failure until `max_minutes`; the last entry holds for any more."""
    steps: list[tuple[int, int]] = []
    minutes, failures = base_minutes, threshold
    while minutes < max_minutes:
        steps.append((failures, minutes))
        minutes *= 2
        failures += 1
    steps.append((failures, max_minutes))
    return steps


def locked_until(
    failures: int, now: datetime, threshold: int, base_minutes: int, max_minutes: int
) -> datetime | None:
    """When a subject with `failures` consecutive failures opens again (None: not locked)."""
    if failures < threshold:
        return None
    minutes = max_minutes
    for count, step in lockout_schedule(threshold, base_minutes, max_minutes):
        if failures <= count:
            minutes = step
            break
    return now + timedelta(minutes=minutes)


@dataclass(frozen=True)
class LockoutRule:
    """The lock-out rule with its three numbers (see the module's docstring)."""

    threshold: int = 5
    base_minutes: int = 15
    max_minutes: int = 1440

    def schedule(self) -> list[tuple[int, int]]:
        return lockout_schedule(self.threshold, self.base_minutes, max(1, self.max_minutes))

    def locked_until(self, failures: int, now: datetime) -> datetime | None:
        return locked_until(failures, now, self.threshold, self.base_minutes, self.max_minutes)


def seconds_left(until: datetime | None, now: datetime) -> int:
    """Whole seconds until `until` (at least 1 while locked, 0 when open)."""
    if until is None or until <= now:
        return 0
    return max(1, int((until - now).total_seconds() + 0.999))
