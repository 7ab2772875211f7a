"""Ports the centre's use cases depend on; adapters live elsewhere.

- `OnlineLookup`: ask the central booking service about an order code that is
  not (yet) in the centre store. The real adapter is the sync client in
  `server_sync` (HTTP with a short timeout); tests use `FakeOnlineLookup`.
"""

from __future__ import annotations

from typing import Protocol

from server_sync.kernel.booking import Booking


class LookupUnavailable(Exception):
    """The central service could not answer in time; the store's answer stands."""


class OnlineLookup(Protocol):
    def lookup(self, order_code: str) -> Booking | None:
        """The booking with this code, None if the central service has none,
        or LookupUnavailable when it cannot be asked now."""
        ...


class FakeOnlineLookup:
    """An in-memory central service for tests: knows some bookings, can be down."""

    def __init__(self, bookings: list[Booking] | None = None, *, down: bool = False) -> None:
        self.bookings = {b.order_code: b for b in bookings or []}
        self.down = down
        self.asked: list[str] = []

    def lookup(self, order_code: str) -> Booking | None:
        self.asked.append(order_code)
        if self.down:
            raise LookupUnavailable("central service unreachable")
        return self.bookings.get(order_code)
