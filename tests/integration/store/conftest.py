from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine

from kiosk_app.store import make_engine


@pytest.fixture
def engine(store_url: str) -> Iterator[Engine]:
    eng = make_engine(store_url)
    yield eng
    eng.dispose()
