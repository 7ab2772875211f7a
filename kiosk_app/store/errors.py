"""What a failed write means, read from the driver's error codes and the
violated constraint's name, never from the message text (which differs by
engine, version and language).

PostgreSQL (psycopg) gives the SQLSTATE and the constraint's name; SQLite gives
its extended result code (`SQLITE_CONSTRAINT_UNIQUE`) but not the name, so a
caller that needs to know *which* key clashed confirms it by looking the row up.
"""

from __future__ import annotations

from sqlalchemy.exc import IntegrityError

_UNIQUE_SQLSTATE = "23505"
_SQLITE_UNIQUE = frozenset({"SQLITE_CONSTRAINT_UNIQUE", "SQLITE_CONSTRAINT_PRIMARYKEY"})


def is_unique_violation(exc: IntegrityError) -> bool:
    """Did the write clash with a primary key or unique constraint?"""
    orig = exc.orig
    sqlstate = getattr(orig, "sqlstate", None)
    if sqlstate is not None:
        return bool(sqlstate == _UNIQUE_SQLSTATE)
    return getattr(orig, "sqlite_errorname", None) in _SQLITE_UNIQUE


def violated_constraint(exc: IntegrityError) -> str | None:
    """The name of the constraint the write violated, where the driver says it
    (PostgreSQL); None where it does not (SQLite)."""
    diag = getattr(exc.orig, "diag", None)
    name = getattr(diag, "constraint_name", None)
    return str(name) if name else None


def is_duplicate(exc: IntegrityError, constraint: str) -> bool | None:
    """True: a duplicate on `constraint`; False: some other failure; None: a
    duplicate on a key the driver does not name (look the row up to tell)."""
    if not is_unique_violation(exc):
        return False
    name = violated_constraint(exc)
    return None if name is None else name == constraint
