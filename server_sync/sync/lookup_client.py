"""The kiosk's online fallback over HTTP: ask the central service about a code.

Raises `CentralUnavailable` when it cannot answer within `timeout_s`; the kiosk
side (`kiosk_app.services.kiosk.online_lookup`) turns that into its own
`LookupUnavailable`, and the centre store's answer stands.
"""

from __future__ import annotations

from server_sync.kernel.booking import Booking
from server_sync.sync.client import CentralRefused, CentralUnavailable, SyncClient


class HttpOnlineLookup:
    def __init__(self, central_url: str, token: str, timeout_s: float = 1.5) -> None:
        self.timeout_s = timeout_s
        self._client = SyncClient(central_url, token, timeout_s)

    def lookup(self, order_code: str) -> Booking | None:
        try:
            record = self._client.lookup(order_code, self.timeout_s)
        except CentralRefused as exc:
            if exc.status == 422:
                return None  # not a well-formed code: the central has no such booking
            raise CentralUnavailable(str(exc)) from None
        return None if record is None else record.to_booking()

    def close(self) -> None:
        self._client.close()
