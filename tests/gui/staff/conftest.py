"""GUI tests run on a migrated SQLite store with the test catalogue."""

from __future__ import annotations

import pytest

from kiosk_app.store import make_engine, upgrade, write_tx
from kiosk_app.store.catalogue_repo import replace_catalogue
from tests.factories import catalogue
from tests.integration.staff.conftest import centre

__all__ = ["centre", "store_url"]


@pytest.fixture
def store_url(sqlite_url: str) -> str:
    upgrade(sqlite_url)
    engine = make_engine(sqlite_url)
    with write_tx(engine) as conn:
        replace_catalogue(conn, catalogue())
    engine.dispose()
    return sqlite_url
