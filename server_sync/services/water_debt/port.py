"""The water agency's subscriber lookup: the port and its failures."""

from __future__ import annotations

from typing import Literal, Protocol

from server_sync.domain.water_debt import WaterDebt

Failure = Literal["unknown_subscriber", "agency_down", "agency_timeout"]


class WaterDebtUnavailable(Exception):
    """No answer about this subscriber: `reason` says why (each has its own words)."""

    def __init__(self, reason: Failure) -> None:
        super().__init__(reason)
        self.reason: Failure = reason


class WaterDebtLookup(Protocol):
    def debt(self, subscriber_code: str, subscriber_type: str) -> WaterDebt:
        """The subscriber's debt, or `WaterDebtUnavailable`."""
        ...
