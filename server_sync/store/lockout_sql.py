"""The lock-out rule (`server_sync.kernel.lockout`) as SQL, for any table with a failure
count and a `locked_until` column: both stores' sign-ins and PINs use it.

`claim` counts one attempt as a failure and sets the lock in one conditional UPDATE,
only on a row that is not locked now; the caller evaluates the secret only when the
row came back, so a burst of parallel guesses never gets more than `threshold`
secrets evaluated. `clear` undoes the count after a right secret, only if no other
attempt was claimed meanwhile (the count is still the one this attempt saw).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa

from server_sync.kernel.lockout import LockoutRule


def _at(moment: datetime, column: sa.ColumnElement[Any]) -> sa.BindParameter[Any]:
    return sa.bindparam(None, moment, type_=column.type)


def lock_after(
    after: sa.ColumnElement[Any], locked: sa.ColumnElement[Any], now: datetime, rule: LockoutRule
) -> sa.Case[Any]:
    """`locked_until` once the count is `after`: NULL below the threshold, then the
    rule's schedule as a CASE."""
    schedule = rule.schedule()
    whens: list[tuple[Any, Any]] = [(after < rule.threshold, sa.null())]
    whens += [
        (after <= count, _at(rule_until(now, minutes), locked)) for count, minutes in schedule[:-1]
    ]
    return sa.case(*whens, else_=_at(rule_until(now, schedule[-1][1]), locked))


def rule_until(now: datetime, minutes: int) -> datetime:
    return now + timedelta(minutes=minutes)


def claim(
    conn: sa.Connection,
    table: sa.Table,
    where: sa.ColumnElement[bool],
    *,
    failures: sa.Column[Any],
    locked: sa.Column[Any],
    now: datetime,
    rule: LockoutRule,
    returning: tuple[sa.ColumnElement[Any], ...],
) -> sa.Row[Any] | None:
    """Count one attempt and lock at the threshold, in one statement; None when no
    row matches `where` or it is locked now."""
    after = failures + 1
    return conn.execute(
        table.update()
        .where(where & (locked.is_(None) | (locked <= _at(now, locked))))
        .values({failures.key: after, locked.key: lock_after(after, locked, now, rule)})
        .returning(*returning)
    ).first()


def clear(
    conn: sa.Connection,
    table: sa.Table,
    where: sa.ColumnElement[bool],
    *,
    failures: sa.Column[Any],
    locked: sa.Column[Any],
    seen: int,
    extra: dict[str, Any] | None = None,
) -> bool:
    """A right secret: clear the count, unless another attempt came in meanwhile."""
    result = conn.execute(
        table.update()
        .where(where & (failures == seen))
        .values({failures.key: 0, locked.key: None, **(extra or {})})
    )
    return bool(result.rowcount == 1)


def claim_in_window(
    conn: sa.Connection,
    table: sa.Table,
    where: sa.ColumnElement[bool],
    *,
    count: sa.Column[Any],
    started: sa.Column[Any],
    now: datetime,
    limit: int,
    window_minutes: int,
) -> sa.Row[Any] | None:
    """Count one try in the subject's window of `window_minutes` (a new window when
    the old one is over), in one statement, only while fewer than `limit` were
    counted: None means over the limit (the caller answers "wait" without
    evaluating). Returns `(count, started)` of the window; the row must exist."""
    cutoff = _at(now - timedelta(minutes=window_minutes), started)
    expired = started <= cutoff
    return conn.execute(
        table.update()
        .where(where & (expired | (count < limit)))
        .values(
            {
                count.key: sa.case((expired, 1), else_=count + 1),
                started.key: sa.case((expired, _at(now, started)), else_=started),
            }
        )
        .returning(count, started)
    ).first()


def give_back(
    conn: sa.Connection,
    table: sa.Table,
    where: sa.ColumnElement[bool],
    *,
    count: sa.Column[Any],
    started: sa.Column[Any],
    window: datetime,
) -> None:
    """The try was not a guess after all (the code was known): uncount it, if its
    window still runs."""
    conn.execute(
        table.update()
        .where(where & (started == _at(window, started)) & (count > 0))
        .values({count.key: count - 1})
    )
