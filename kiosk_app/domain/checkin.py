"""The check-in rule of seed 003: a booking is activated at the kiosk of its own
centre, on its own day, inside the check-in window of its service at that centre
(the kernel's `CheckInWindow`, set centrally and carried by the catalogue). Every
refusal is its own type, so each screen and message can say exactly what
happened and what to do next."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from server_sync.kernel.booking import Booking, BookingStatus
from server_sync.kernel.checkin_window import CheckInWindow, WindowPosition
from server_sync.kernel.order_codes import OrderCodeError, parse_order_code


@dataclass(frozen=True)
class Accepted:
    booking: Booking
    slot_at: datetime


@dataclass(frozen=True)
class BadCheckDigit:
    """Typed wrong: the check digit does not match (or not 12 digits)."""

    reason: str


@dataclass(frozen=True)
class UnknownCode:
    code: str


@dataclass(frozen=True)
class WrongCentre:
    centre_id: str  # the centre the booking is for


@dataclass(frozen=True)
class WrongDay:
    day: date  # the booked day


@dataclass(frozen=True)
class TooEarly:
    opens_at: datetime  # come back at this time
    before_minutes: int = 30  # how long before the slot the window opens


@dataclass(frozen=True)
class TooLate:
    closed_at: datetime


@dataclass(frozen=True)
class AlreadyUsed:
    status: BookingStatus


@dataclass(frozen=True)
class Cancelled:
    pass


Refusal = (
    BadCheckDigit
    | UnknownCode
    | WrongCentre
    | WrongDay
    | TooEarly
    | TooLate
    | AlreadyUsed
    | Cancelled
)
CheckInOutcome = Accepted | Refusal

_USED = BookingStatus.centre_progress()


def precheck_code(text: str) -> str | BadCheckDigit:
    """The normalised code, or why it cannot be one (before any lookup)."""
    try:
        return parse_order_code(text)
    except OrderCodeError as exc:
        return BadCheckDigit(exc.reason)


def evaluate_check_in(
    booking: Booking | None,
    *,
    code: str,
    centre_id: str,
    now: datetime,
    window: CheckInWindow,
) -> CheckInOutcome:
    """Decide whether `booking` (looked up by `code`) may check in here and now,
    with `window` the check-in window of its service at its centre.

    `now` is an aware datetime in the centre's timezone; the slot is read in the
    same timezone.
    """
    if booking is None:
        return UnknownCode(code)
    if booking.status is BookingStatus.CANCELLED:
        return Cancelled()
    if booking.status in _USED:
        return AlreadyUsed(booking.status)
    if booking.slot.centre_id != centre_id:
        return WrongCentre(booking.slot.centre_id)
    slot_at = booking.starts_at_naive.replace(tzinfo=now.tzinfo)
    if booking.slot.day != now.date():
        return WrongDay(booking.slot.day)
    position = window.position(now, slot_at)
    if booking.status is BookingStatus.EXPIRED or position is WindowPosition.LATE:
        return TooLate(window.closes_at(slot_at))
    if position is WindowPosition.EARLY:
        return TooEarly(window.opens_at(slot_at), window.before_minutes)
    return Accepted(booking, slot_at)
