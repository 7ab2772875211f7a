"""Bookings (onlayn növbə) and their life cycle: ONE status table.

    booked ──► checked_in ──► called ──► served
      │                         └──────► no_show
      ├──► cancelled
      └──► expired

`STATUS_TABLE` is the only statement of the life cycle. Everything else is
derived from it: the allowed transitions, which statuses hold a place, which
are progress made at a centre and in what order (the sync conflict rules), and
the status sets behind the SQL conditions (`cancellable()` for the central
cancel, `checkable_in()` for the centre's check-in). A booking carries the
fields of the seed-003 form; transitions outside the table raise
`InvalidTransition`, which callers turn into a message.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime, time
from functools import cache


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
        return STATUS_TABLE[self].holds_place

    @property
    def is_final(self) -> bool:
        return not STATUS_TABLE[self].moves_to

    @property
    def progress_rank(self) -> int | None:
        """How far along the visit is (booked 0 … served/no-show 3); None when
        the booking ended without a visit (cancelled, expired)."""
        return _ranks().get(self)

    @classmethod
    def cancellable(cls) -> frozenset[BookingStatus]:
        """The statuses the central cancel may move to `cancelled`."""
        return _into(cls.CANCELLED)

    @classmethod
    def checkable_in(cls) -> frozenset[BookingStatus]:
        """The statuses a kiosk may check in (move to `checked_in`)."""
        return _into(cls.CHECKED_IN)

    @classmethod
    def expirable(cls) -> frozenset[BookingStatus]:
        """The statuses a centre closes as `expired` when the check-in window has
        passed without a check-in (a booked no-show)."""
        return _into(cls.EXPIRED)

    @classmethod
    def active(cls) -> frozenset[BookingStatus]:
        return frozenset(s for s, rule in STATUS_TABLE.items() if rule.holds_place)

    @classmethod
    def centre_progress(cls) -> frozenset[BookingStatus]:
        """Progress made at a centre (checked in or further): a centre keeps its
        own progress over older central state, and a kiosk calls such a code used."""
        return frozenset(s for s, rule in STATUS_TABLE.items() if rule.centre_event)

    @classmethod
    def withdrawn(cls) -> frozenset[BookingStatus]:
        """Ended without a visit: final, no place held, not reached at a centre."""
        return frozenset(s for s in cls if s.is_final and s.progress_rank is None)

    @classmethod
    def reached_by_event(cls, kind: str) -> BookingStatus | None:
        """The status a centre's sync event of `kind` moves a booking to, if any."""
        return next((s for s, rule in STATUS_TABLE.items() if rule.centre_event == kind), None)


@dataclass(frozen=True)
class StatusRule:
    """One row of the status table."""

    moves_to: frozenset[BookingStatus]
    holds_place: bool
    centre_event: str | None = None  # the sync event by which a centre moves a booking here


_S = BookingStatus
STATUS_TABLE: Mapping[BookingStatus, StatusRule] = {
    _S.BOOKED: StatusRule(frozenset({_S.CHECKED_IN, _S.CANCELLED, _S.EXPIRED}), True),
    _S.CHECKED_IN: StatusRule(frozenset({_S.CALLED}), True, "check_in"),
    _S.CALLED: StatusRule(frozenset({_S.SERVED, _S.NO_SHOW}), True, "called"),
    _S.SERVED: StatusRule(frozenset(), True, "served"),
    _S.NO_SHOW: StatusRule(frozenset(), False, "no_show"),
    _S.CANCELLED: StatusRule(frozenset(), False),
    _S.EXPIRED: StatusRule(frozenset(), False),
}


#: The sync event by which a centre closes a booking nobody came for (not a step of
#: the visit, so not a `centre_event`: an expired booking was never reached).
EXPIRY_EVENT = "expired"

#: The sync event by which a centre takes a no-show back into the line: they came back
#: (the counter's "Növbəyə qaytar"). Not a move of the status table: a kiosk must still
#: refuse a no-show's code, so it reopens the visit one way only, from the no-show back
#: to `checked_in`, after which the visit's next events (called, served) apply again.
REQUEUE_EVENT = "requeued"
REOPENS: Mapping[str, tuple[BookingStatus, BookingStatus]] = {
    REQUEUE_EVENT: (BookingStatus.NO_SHOW, BookingStatus.CHECKED_IN),
}


def _into(target: BookingStatus) -> frozenset[BookingStatus]:
    return frozenset(s for s, rule in STATUS_TABLE.items() if target in rule.moves_to)


@cache
def _ranks() -> dict[BookingStatus, int]:
    """Steps from `booked` through the centre's progress statuses (breadth first)."""
    ranks = {BookingStatus.BOOKED: 0}
    todo = [BookingStatus.BOOKED]
    while todo:
        current = todo.pop(0)
        for after in sorted(STATUS_TABLE[current].moves_to):
            if STATUS_TABLE[after].centre_event and after not in ranks:
                ranks[after] = ranks[current] + 1
                todo.append(after)
    return ranks


class InvalidTransition(ValueError):
    def __init__(self, current: BookingStatus, wanted: BookingStatus) -> None:
        super().__init__(f"a {current.value} booking cannot become {wanted.value}")
        self.current = current
        self.wanted = wanted


def can_transition(current: BookingStatus, wanted: BookingStatus) -> bool:
    return wanted in STATUS_TABLE[current].moves_to


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
    #: The citizen holds a privilege (imtiyaz) a reception request named: the centre's
    #: dispatch calls them before the other booked visitors of that line.
    priority: bool = False
    #: The agency application this visit is for (issue 17): the counter opens it on call.
    application_number: str = ""

    @property
    def starts_at_naive(self) -> datetime:
        return datetime.combine(self.slot.day, self.slot.start)

    def moved_to(self, wanted: BookingStatus, at: datetime | None = None) -> Booking:
        """This booking in status `wanted`, or `InvalidTransition`."""
        if not can_transition(self.status, wanted):
            raise InvalidTransition(self.status, wanted)
        checked = at if wanted is BookingStatus.CHECKED_IN else self.checked_in_at
        return replace(self, status=wanted, checked_in_at=checked)
