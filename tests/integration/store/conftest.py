from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine

from kiosk_app.store import make_engine, upgrade, write_tx
from kiosk_app.store.catalogue_repo import replace_catalogue
from tests.factories import catalogue


@pytest.fixture
def store_url(empty_store_url: str) -> str:
    """A migrated store holding the test catalogue (SQLite and PostgreSQL)."""
    upgrade(empty_store_url)
    engine = make_engine(empty_store_url)
    with write_tx(engine) as conn:
        replace_catalogue(conn, catalogue())
    engine.dispose()
    return empty_store_url


@pytest.fixture
def engine(store_url: str) -> Iterator[Engine]:
    eng = make_engine(store_url)
    yield eng
    eng.dispose()
