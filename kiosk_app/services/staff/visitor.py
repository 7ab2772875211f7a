"""The current visitor's booking as the counter shows it: masked by default."""

from __future__ import annotations

from dataclasses import dataclass

from server_sync.kernel.booking import Booking
from server_sync.kernel.personal_data import (
    mask_email,
    mask_id_document,
    mask_name,
    mask_phone,
)


@dataclass(frozen=True)
class VisitorCard:
    order_code: str
    name: str
    id_document: str
    phone: str
    email: str
    slot: str  # "10:15"
    revealed: bool


def visitor_card(booking: Booking, *, revealed: bool) -> VisitorCard:
    a = booking.applicant
    if revealed:
        name = f"{a.last_name} {a.first_name} {a.father_name}".strip()
        return VisitorCard(
            booking.order_code,
            name,
            a.id_document,
            a.phone,
            a.email,
            booking.slot.start.strftime("%H:%M"),
            True,
        )
    return VisitorCard(
        booking.order_code,
        mask_name(a.first_name, a.last_name),
        mask_id_document(a.id_document),
        mask_phone(a.phone),
        mask_email(a.email),
        booking.slot.start.strftime("%H:%M"),
        False,
    )
