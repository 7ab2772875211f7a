"""The demo agency: subscribers seeded in `assets/demo/water_subscribers.json`."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from importlib import resources

from server_sync.domain.water_debt import WaterDebt
from server_sync.services.water_debt.port import WaterDebtUnavailable


def demo_subscribers() -> list[WaterDebt]:
    text = resources.files("assets").joinpath("demo/water_subscribers.json").read_text("utf-8")
    return [
        WaterDebt(
            str(s["subscriber_code"]),
            str(s["subscriber_type"]),
            Decimal(str(s["debt_azn"])),
            str(s["meter_number"]),
            Decimal(str(s["last_reading"])),
            date.fromisoformat(str(s["read_on"])),
        )
        for s in json.loads(text)["subscribers"]
    ]


class DemoWaterDebt:
    def __init__(self, subscribers: list[WaterDebt] | None = None) -> None:
        known = subscribers if subscribers is not None else demo_subscribers()
        self._by_key = {(s.subscriber_code, s.subscriber_type): s for s in known}

    def debt(self, subscriber_code: str, subscriber_type: str) -> WaterDebt:
        found = self._by_key.get((subscriber_code, subscriber_type))
        if found is None:
            raise WaterDebtUnavailable("unknown_subscriber")
        return found
