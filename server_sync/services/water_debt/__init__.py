"""The water-debt lookup (seed 000): port, HTTP adapter, demo adapter.

The HTTP adapter (and with it `requests`, ~0.1 s to import) is loaded only when a
lookup URL is configured: a kiosk issuing tickets with the demo adapter, or with no
lookup at all, never pays for it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from server_sync.config import WaterDebtSettings
from server_sync.services.water_debt.demo import DemoWaterDebt
from server_sync.services.water_debt.port import WaterDebtLookup, WaterDebtUnavailable

if TYPE_CHECKING:
    from server_sync.services.water_debt.http import HttpWaterDebt


def water_debt_from_settings(settings: WaterDebtSettings) -> WaterDebtLookup:
    if settings.url:
        from server_sync.services.water_debt.http import HttpWaterDebt

        return HttpWaterDebt(settings.url, settings.timeout_s, settings.token)
    return DemoWaterDebt()


def __getattr__(name: str) -> object:
    if name == "HttpWaterDebt":
        from server_sync.services.water_debt.http import HttpWaterDebt

        return HttpWaterDebt
    raise AttributeError(name)


__all__ = [
    "DemoWaterDebt",
    "HttpWaterDebt",
    "WaterDebtLookup",
    "WaterDebtUnavailable",
    "water_debt_from_settings",
]
