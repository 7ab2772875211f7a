"""Running the central store's Alembic migrations from code.

The migration scripts live inside the package (`server_sync/store/migrations`),
separate from the centre store's, and record their state in their own table
(`central_alembic_version`) so both stores may share one PostgreSQL database.
"""

from __future__ import annotations

import logging
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy.engine import Engine

log = logging.getLogger("asanq.server")

MIGRATIONS = Path(__file__).with_name("migrations")
VERSION_TABLE = "central_alembic_version"


def alembic_config(engine: Engine) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["engine"] = engine
    return config


def upgrade(engine: Engine, revision: str = "heads") -> None:
    """Bring the central store's schema to `revision` (the latest by default)."""
    log.info("upgrading central store schema", extra={"revision": revision})
    command.upgrade(alembic_config(engine), revision)


def downgrade(engine: Engine, revision: str) -> None:
    command.downgrade(alembic_config(engine), revision)
