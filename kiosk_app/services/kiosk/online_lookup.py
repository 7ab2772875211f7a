"""The kiosk's `OnlineLookup` port over the central service's HTTP lookup.

`server_sync` cannot raise the kiosk's `LookupUnavailable` (it never imports
kiosk_app), so this adapter translates its `CentralUnavailable`.
"""

from __future__ import annotations

from kiosk_app.services.kiosk.ports import LookupUnavailable
from kiosk_app.settings import Settings
from server_sync.kernel.booking import Booking
from server_sync.sync.client import CentralUnavailable
from server_sync.sync.lookup_client import HttpOnlineLookup


class CentralOnlineLookup:
    """Asks the central service with a bounded timeout; LookupUnavailable if it cannot."""

    def __init__(self, inner: HttpOnlineLookup) -> None:
        self.inner = inner

    def lookup(self, order_code: str) -> Booking | None:
        try:
            return self.inner.lookup(order_code)
        except CentralUnavailable as exc:
            raise LookupUnavailable(str(exc)) from None


def online_lookup_from_settings(settings: Settings) -> CentralOnlineLookup | None:
    """The real adapter, or None when this centre has no sync token."""
    sync = settings.sync
    if not sync.token:
        return None
    return CentralOnlineLookup(
        HttpOnlineLookup(sync.central_url, sync.token, sync.lookup_timeout_s)
    )
