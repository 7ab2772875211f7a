"""The centre store: SQLAlchemy tables, repositories and migrations.

Repositories are functions over a `Connection` so that a use case can put
several of them (and its outbox event) into one transaction.
"""

from kiosk_app.store.engine import StoreError, check_reachable, make_engine, read_tx, write_tx
from kiosk_app.store.migrate import current_revision, head_revision, upgrade

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
