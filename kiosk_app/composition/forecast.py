"""The staffing forecast's root: the centre's store, catalogue, dispatch policy and
forecast settings put together (`asan-queue forecast`, the management screen)."""

from __future__ import annotations

from datetime import date

from kiosk_app.composition.centre import CentreContext
from kiosk_app.domain.forecast import Progress
from kiosk_app.services.forecast_service import DayForecast, forecast_day


def run_forecast(ctx: CentreContext, day: date, progress: Progress | None = None) -> DayForecast:
    return forecast_day(
        ctx.engine,
        ctx.catalogue,
        ctx.centre_id,
        day,
        ctx.dispatch_policy(),
        ctx.settings.forecast,
        progress,
    )
