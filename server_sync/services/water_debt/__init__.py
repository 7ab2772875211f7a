"""The water-debt lookup (seed 000): port, HTTP adapter, demo adapter."""

from __future__ import annotations

from server_sync.config import WaterDebtSettings
from server_sync.services.water_debt.demo import DemoWaterDebt
from server_sync.services.water_debt.http import HttpWaterDebt
from server_sync.services.water_debt.port import WaterDebtLookup, WaterDebtUnavailable


def water_debt_from_settings(settings: WaterDebtSettings) -> WaterDebtLookup:
    if settings.url:
        return HttpWaterDebt(settings.url, settings.timeout_s, settings.token)
    return DemoWaterDebt()


__all__ = [
    "DemoWaterDebt",
    "HttpWaterDebt",
    "WaterDebtLookup",
    "WaterDebtUnavailable",
    "water_debt_from_settings",
]
