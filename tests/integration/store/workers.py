"""Code run in child processes by the concurrency tests (must be importable)."""

from __future__ import annotations

from datetime import datetime

from kiosk_app.services.kiosk.ticket_desk import Issued, TicketDesk
from kiosk_app.store import make_engine
from server_sync.kernel.clock import BAKU, FixedClock
from tests.factories import catalogue


def issue_many(url: str, device: str, count: int, start: object) -> list[str]:
    """Issue `count` walk-in tickets for the same service group; return their numbers."""
    engine = make_engine(url)
    clock = FixedClock(datetime(2026, 11, 23, 11, 0, tzinfo=BAKU))
    desk = TicketDesk(engine, clock, catalogue(), "baku-1", device_id=device)
    start.wait()  # type: ignore[attr-defined]
    numbers = []
    for i in range(count):
        issued = desk.issue_walk_in("passport", request_id=f"{device}-{i}")
        assert isinstance(issued, Issued)
        numbers.append(str(issued.ticket.number))
    engine.dispose()
    return numbers


def issue_until(url: str, device: str, start: object, stop: object) -> list[str]:
    """Issue walk-in tickets one after another until `stop` is set; return their numbers
    in the order this kiosk got them."""
    engine = make_engine(url)
    clock = FixedClock(datetime(2026, 11, 23, 11, 0, tzinfo=BAKU))
    desk = TicketDesk(engine, clock, catalogue(), "baku-1", device_id=device)
    start.wait()  # type: ignore[attr-defined]
    numbers: list[str] = []
    while not stop.is_set():  # type: ignore[attr-defined]
        issued = desk.issue_walk_in("passport", request_id=f"{device}-{len(numbers)}")
        assert isinstance(issued, Issued)
        numbers.append(str(issued.ticket.number))
    engine.dispose()
    return numbers
