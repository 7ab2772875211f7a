"""Bookings (onlayn növbə) and their life cycle.

    booked ──► checked_in ──► called ──► served
      │                         └──────► no_show
      ├──► cancelled
      └──► expired

A booking carries the fields of the seed-003 form. Transitions outside this
graph raise `InvalidTransition`; callers turn that into a message.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, replace
from datetime import date, datetime, time


class BookingStatus(enum.StrEnum):
    BOOKED = "booked"
    CHECKED_IN = "checked_in"
    CALLED = "called"
    SERVED = "served"
    NO_SHOW = "no_show"
    CANCELLED = "cancelled"
    EXPIRED = "expired"

    @property
    def is_active(self) -> bool:
        """Still holds its place (counts against slot capacity)."""
        return self in _ACTIVE

    @property
    def is_final(self) -> bool:
        return not _TRANSITIONS[self]


_TRANSITIONS: dict[BookingStatus, frozenset[BookingStatus]] = {
    BookingStatus.BOOKED: frozenset(
        {BookingStatus.CHECKED_IN, BookingStatus.CANCELLED, BookingStatus.EXPIRED}
    ),
    BookingStatus.CHECKED_IN: frozenset({BookingStatus.CALLED}),
    BookingStatus.CALLED: frozenset({BookingStatus.SERVED, BookingStatus.NO_SHOW}),
    BookingStatus.SERVED: frozenset(),
    BookingStatus.NO_SHOW: frozenset(),
    BookingStatus.CANCELLED: frozenset(),
    BookingStatus.EXPIRED: frozenset(),
}
_ACTIVE = frozenset(
    {BookingStatus.BOOKED, BookingStatus.CHECKED_IN, BookingStatus.CALLED, BookingStatus.SERVED}
)


class InvalidTransition(ValueError):
    def __init__(self, current: BookingStatus, wanted: BookingStatus) -> None:
        super().__init__(f"a {current.value} booking cannot become {wanted.value}")
        self.current = current
        self.wanted = wanted


def can_transition(current: BookingStatus, wanted: BookingStatus) -> bool:
    return wanted in _TRANSITIONS[current]


@dataclass(frozen=True)
class Slot:
    """A place in time: this centre, this service, this day, this time."""

    centre_id: str
    service_id: str
    day: date
    start: time


@dataclass(frozen=True)
class Applicant:
    """The person of the seed-003 form (Ad, Soyad, Ata adı, Ş/V, Telefon, E-poçt)."""

    first_name: str
    last_name: str
    father_name: str
    id_document: str
    phone: str
    email: str


@dataclass(frozen=True)
class Booking:
    order_code: str
    slot: Slot
    applicant: Applicant
    status: BookingStatus
    created_at: datetime
    language: str = "az"
    checked_in_at: datetime | None = None

    @property
    def starts_at_naive(self) -> datetime:
        return datetime.combine(self.slot.day, self.slot.start)

    def moved_to(self, wanted: BookingStatus, at: datetime | None = None) -> Booking:
        """This booking in status `wanted`, or `InvalidTransition`."""
        if not can_transition(self.status, wanted):
            raise InvalidTransition(self.status, wanted)
        checked = at if wanted is BookingStatus.CHECKED_IN else self.checked_in_at
        return replace(self, status=wanted, checked_in_at=checked)
