"""A migrated centre store with the test catalogue, open every hour of every day
(so tests that use the real clock, like the CLI's, never meet a closed centre)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine

from kiosk_app.store import booking_repo, make_engine, write_tx
from server_sync.kernel.booking import Booking
from server_sync.kernel.catalogue import Catalogue
from tests.factories import catalogue_dict, migrated_store

ALL_DAY = {d: [["00:00", "23:59"]] for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}


def always_open() -> Catalogue:
    data = catalogue_dict()
    for centre in data["centres"]:
        centre["hours"] = ALL_DAY
        centre["holidays"] = []
    return Catalogue.from_dict(data)


@pytest.fixture
def kiosk_store(tmp_path: Path) -> str:
    return migrated_store(f"sqlite:///{tmp_path / 'centre.db'}", always_open())


@pytest.fixture
def kiosk_engine(kiosk_store: str) -> Iterator[Engine]:
    engine = make_engine(kiosk_store)
    yield engine
    engine.dispose()


def add_bookings(engine: Engine, *bookings: Booking, now: datetime) -> None:
    with write_tx(engine) as conn:
        booking_repo.upsert_bookings(conn, bookings, now)
