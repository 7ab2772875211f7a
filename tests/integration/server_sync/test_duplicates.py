"""Duplicates are told by the constraint that stopped them, never by an error's text:
an order code drawn twice is drawn again; the same ID card, service and day is refused."""

from __future__ import annotations

from datetime import date

import pytest

from server_sync.domain.booking_form import BookingForm
from server_sync.services import booking_service
from server_sync.services.errors import Refusal
from tests.integration.server_sync.conftest import Central
from tests.integration.server_sync.helpers import form

BOTH_STORES = pytest.mark.parametrize(
    "central", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)], indirect=True
)
TUESDAY = date(2026, 11, 24)


def booking_form(central: Central, address: str, **changes: str) -> BookingForm:
    return BookingForm(**form(central.services.codes.issue(address), address, **changes))


def free_at_ten(central: Central) -> int:
    slots = central.services.slots.availability("baku-1", "passport", TUESDAY)
    return next(s.free for s in slots if s.start == "10:00")


@BOTH_STORES
def test_an_order_code_drawn_twice_is_drawn_again(
    central: Central, monkeypatch: pytest.MonkeyPatch
) -> None:
    bookings = central.services.bookings
    first = bookings.book(booking_form(central, "a@mail.az"), "az")
    fresh = booking_service.generate_order_code()
    draws = iter([first.order_code, fresh])
    monkeypatch.setattr(booking_service, "generate_order_code", lambda: next(draws))

    second = bookings.book(booking_form(central, "b@mail.az", id_document="AZE87654321"), "az")

    assert second.order_code == fresh
    assert free_at_ten(central) == 4  # 6 places, two taken: the clash took none


@BOTH_STORES
def test_the_same_document_again_is_refused_and_takes_no_place(central: Central) -> None:
    bookings = central.services.bookings
    bookings.book(booking_form(central, "a@mail.az"), "az")
    with pytest.raises(Refusal) as refused:
        bookings.book(booking_form(central, "b@mail.az"), "az")
    assert refused.value.status == 422
    assert [(p.field, p.code) for p in refused.value.problems] == [
        ("id_document", "already_booked")
    ]
    assert free_at_ten(central) == 5
