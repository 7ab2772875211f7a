"""Tomorrow's expected waits for the management screen's chart (the staffing
forecast's outlook, hour by hour; `kiosk_app.services.forecast_service`)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Engine

from kiosk_app.domain.dispatch import DispatchPolicy
from kiosk_app.services.forecast_service import ForecastRefused, forecast_day
from kiosk_app.settings import ForecastSettings
from server_sync.kernel.catalogue import Catalogue


class ForecastCurve:
    """`curve(day)`: (hour mid-point, mean, low, high) of the average wait that day
    with the counters the forecast says it needs; () when the centre is closed."""

    def __init__(
        self,
        engine: Engine,
        catalogue: Catalogue,
        centre_id: str,
        policy: DispatchPolicy,
        settings: ForecastSettings,
    ) -> None:
        self.engine = engine
        self.catalogue = catalogue
        self.centre_id = centre_id
        self.policy = policy
        self.settings = settings

    def curve(self, day: date) -> tuple[tuple[float, float, float, float], ...]:
        try:
            result = forecast_day(
                self.engine, self.catalogue, self.centre_id, day, self.policy, self.settings
            )
        except ForecastRefused:
            return ()
        return tuple(
            (h.hour + 0.5, h.average_wait.mean, h.average_wait.low, h.average_wait.high)
            for h in result.forecast.outlook.hours
            if h.visitors > 0
        )
