"""Alembic environment of the central store (run from `server_sync.store.migrate`)."""

from __future__ import annotations

from alembic import context
from sqlalchemy.engine import Engine

from server_sync.store import (  # noqa: F401  (their tables join `metadata`)
    account_tables,
    application_tables,
    reception_tables,
)
from server_sync.store.migrate import VERSION_TABLE
from server_sync.store.tables import metadata

engine: Engine = context.config.attributes["engine"]
with engine.connect() as connection:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        version_table=VERSION_TABLE,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()
    connection.commit()
