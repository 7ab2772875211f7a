"""A migrated centre store with the test catalogue, staff users and counters."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest
from sqlalchemy import Engine

from kiosk_app.domain.staff import Role
from kiosk_app.services.kiosk.ticket_desk import TicketDesk
from kiosk_app.services.staff.auth import StaffAuth, StaffSession
from kiosk_app.services.staff.counter_desk import CounterDesk
from kiosk_app.staff_config import DEFAULT_PRIORITY_CATEGORIES
from kiosk_app.store import make_engine
from server_sync.kernel.clock import FixedClock
from server_sync.kernel.lockout import LockoutRule
from tests.factories import catalogue


class CountingPublisher:
    def __init__(self) -> None:
        self.count = 0

    def published(self) -> None:
        self.count += 1


@dataclass
class Centre:
    url: str
    engine: Engine
    clock: FixedClock
    auth: StaffAuth
    publisher: CountingPublisher
    desk: Callable[..., CounterDesk]
    kiosk: TicketDesk


@pytest.fixture
def centre(store_url: str, clock: FixedClock) -> Iterator[Centre]:
    engine = make_engine(store_url)
    auth = StaffAuth(engine, clock, LockoutRule(3, 10, 60))
    publisher = CountingPublisher()
    kiosk = TicketDesk(engine, clock, catalogue(), "baku-1")

    def desk(counter: int, username: str = "aysel", role: Role = Role.OPERATOR) -> CounterDesk:
        session = StaffSession(username, username.title(), role)
        return CounterDesk(
            engine,
            clock,
            catalogue(),
            "baku-1",
            counter,
            session,
            publisher,
            kiosk,
            list(DEFAULT_PRIORITY_CATEGORIES),
        )

    yield Centre(store_url, engine, clock, auth, publisher, desk, kiosk)
    engine.dispose()
