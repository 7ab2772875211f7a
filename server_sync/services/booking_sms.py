"""The SMS of a booking (issue 15, item 4): the order code when it is confirmed, the
reminder the day before, the cancellation; each at most once a booking, in the
booking's language, queued in the transaction that changed the booking."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa

from server_sync.kernel.i18n import Translator
from server_sync.kernel.order_codes import format_order_code
from server_sync.services.catalogue_service import CatalogueService
from server_sync.services.notify import Notices
from server_sync.store.tables import bookings

KINDS = ("booking_confirmed", "booking_reminder", "booking_cancelled")


def sms_date(day: date) -> str:
    """`24.11.2026`: the short date of an SMS (a long date costs a part in UCS-2)."""
    return f"{day:%d.%m.%Y}"


class BookingSms:
    def __init__(self, notices: Notices, catalogue: CatalogueService) -> None:
        self._notices = notices
        self._catalogue = catalogue

    @property
    def enabled(self) -> bool:
        return self._notices.sms_enabled

    def queue(
        self,
        conn: sa.Connection,
        kind: str,
        booking_id: int,
        now: datetime,
        values: Mapping[str, Any] | None = None,
    ) -> bool:
        """Queue the `kind` SMS of a booking (its fields in `values`, else read from the
        store); False when SMS are off, the booking has no phone, or it was queued."""
        if not self.enabled:
            return False
        if values is None:
            row = conn.execute(sa.select(bookings).where(bookings.c.id == booking_id)).first()
            if row is None:
                return False
            values = dict(row._mapping)
        phone = values.get("phone")
        if not phone:
            return False
        language = str(values["language"])
        tr = Translator(language)
        day = values["day"]
        day = day if isinstance(day, date) else date.fromisoformat(str(day))
        centre = self._catalogue.current().catalogue.centres.get(str(values["centre_id"]))
        payload = {
            "code": format_order_code(str(values["order_code"])),
            "date": sms_date(day),
            "time": str(values["start"]),
            "centre": centre.name(tr.language) if centre else str(values["centre_id"]),
        }
        return self._notices.sms(
            conn,
            kind=kind,
            phone=str(phone),
            language=language,
            payload=payload,
            now=now,
            booking_id=booking_id,
            dedupe_key=f"{kind}:{booking_id}",
        )
