"""The check-in rule of seed 003: a booking is activated at the kiosk of its own
centre, on its own day, from `before_minutes` before the slot until the slot
time plus `grace_minutes`. Every refusal is its own type, so each screen and
message can say exactly what happened and what to do next."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from server_sync.kernel.booking import Booking, BookingStatus
from server_sync.kernel.order_codes import OrderCodeError, parse_order_code


@dataclass(frozen=True)
class CheckInPolicy:
    before_minutes: int = 30
    grace_minutes: int = 0

    def window(self, slot_at: datetime) -> tuple[datetime, datetime]:
        return (
            slot_at - timedelta(minutes=self.before_minutes),
            slot_at + timedelta(minutes=self.grace_minutes),
        )


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
    policy: CheckInPolicy,
) -> CheckInOutcome:
    """Decide whether `booking` (looked up by `code`) may check in here and now.

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
    opens_at, closes_at = policy.window(slot_at)
    if booking.slot.day != now.date():
        return WrongDay(booking.slot.day)
    if booking.status is BookingStatus.EXPIRED or now > closes_at:
        return TooLate(closes_at)
    if now < opens_at:
        return TooEarly(opens_at)
    return Accepted(booking, slot_at)
