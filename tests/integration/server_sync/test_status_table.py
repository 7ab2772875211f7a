"""The central cancel agrees with the kernel's status table, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from server_sync.domain.booking_form import BookingForm
from server_sync.kernel.booking import BookingStatus
from server_sync.services.errors import Refusal
from server_sync.store.tables import bookings
from tests.integration.server_sync.conftest import Central
from tests.integration.server_sync.helpers import form

BOTH_STORES = pytest.mark.parametrize(
    "central", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)], indirect=True
)


@BOTH_STORES
def test_cancel_follows_the_status_table(central: Central) -> None:
    services = central.services
    for n, status in enumerate(BookingStatus):
        address = f"status{n}@mail.az"
        code = services.codes.issue(address)
        body = form(code, address, id_document=f"AZE{30000000 + n}", time=f"1{n % 8}:00")
        view = services.bookings.book(BookingForm(**body), "az")
        with services.engine.begin() as conn:
            conn.execute(
                bookings.update().where(bookings.c.id == view.id).values(status=status.value)
            )
        if status not in BookingStatus.cancellable():
            with pytest.raises(Refusal) as refused:
                services.bookings.cancel(view.order_code, address)
            assert refused.value.status == 409, status
            continue
        cancelled = services.bookings.cancel(view.order_code, address)
        assert cancelled.status == BookingStatus.CANCELLED
        with services.engine.connect() as conn:
            stored = conn.execute(
                sa.select(bookings.c.status).where(bookings.c.id == view.id)
            ).scalar_one()
        assert stored == BookingStatus.CANCELLED
