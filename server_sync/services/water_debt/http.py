"""The water agency over HTTP (`docs/agency-adapter.md`).

`GET {url}/v1/subscribers/{code}/debt?type={type}` with a bearer token and
`water_debt.timeout_s`: 200 with the fields is the answer; 404 is an unknown
subscriber; a timeout is `agency_timeout`; anything else (refused connection, 5xx,
a body without the fields) is `agency_down`. The adapter never guesses a debt.
"""

from __future__ import annotations

import logging
from datetime import date
from decimal import Decimal, InvalidOperation

from server_sync.domain.water_debt import WaterDebt
from server_sync.services.http_adapter import BearerJsonClient
from server_sync.services.water_debt.port import WaterDebtUnavailable

log = logging.getLogger("asanq.water")


class HttpWaterDebt(BearerJsonClient):
    default_timeout_s = 3.0

    def debt(self, subscriber_code: str, subscriber_type: str) -> WaterDebt:
        import requests  # on first use, not at program start

        url = f"{self._base}/v1/subscribers/{subscriber_code}/debt"
        try:
            response = self._session.get(
                url,
                params={"type": subscriber_type},
                headers=self._headers,
                timeout=self._timeout,
            )
        except requests.Timeout:
            log.warning("water agency: no answer in %.1f s", self._timeout)
            raise WaterDebtUnavailable("agency_timeout") from None
        except requests.RequestException as exc:
            log.warning("water agency unreachable: %s", type(exc).__name__)
            raise WaterDebtUnavailable("agency_down") from None
        if response.status_code == 404:
            raise WaterDebtUnavailable("unknown_subscriber")
        if response.status_code != 200:
            log.warning("water agency answered HTTP %d", response.status_code)
            raise WaterDebtUnavailable("agency_down")
        try:
            data = response.json()
            return WaterDebt(
                subscriber_code,
                subscriber_type,
                Decimal(str(data["debt_azn"])),
                str(data["meter_number"]),
                Decimal(str(data["last_reading"])),
                date.fromisoformat(str(data["read_on"])),
            )
        except (ValueError, KeyError, TypeError, InvalidOperation):
            log.warning("water agency answered without the fields")
            raise WaterDebtUnavailable("agency_down") from None
