"""The centre store: SQLAlchemy tables, repositories and migrations.

Repositories are functions over a `Connection` so that a use case can put
several of them (and its outbox event) into one transaction. Alembic is
imported only when a migration runs (the three functions below).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kiosk_app.store.engine import StoreError, check_reachable, make_engine, read_tx, write_tx

if TYPE_CHECKING:
    from sqlalchemy import Engine


def upgrade(url: str, revision: str = "heads") -> str | None:
    """Bring the store at `url` to `revision` (see `kiosk_app.store.migrate.upgrade`)."""
    from kiosk_app.store import migrate

    return migrate.upgrade(url, revision)


def current_revision(engine: Engine) -> str | None:
    from kiosk_app.store import migrate

    return migrate.current_revision(engine)


def head_revision() -> str | None:
    from kiosk_app.store import migrate

    return migrate.head_revision()


__all__ = [
    "StoreError",
    "check_reachable",
    "current_revision",
    "head_revision",
    "make_engine",
    "read_tx",
    "upgrade",
    "write_tx",
]
