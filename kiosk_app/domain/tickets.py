"""Tickets (növbə bileti) and their numbers: a service-group letter and a daily
sequence per centre, `A001` … `A999`, then `A1000` on a very busy day."""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from datetime import date, datetime

from kiosk_app.domain.numbers_speech import number_words

_NUMBER = re.compile(r"^([A-Z])(\d{3,})$")


class TicketKind(enum.StrEnum):
    BOOKED = "booked"  # checked in with an online order code
    PRIORITY = "priority"  # imtiyaz: issued by staff for a visitor who qualifies
    WALK_IN = "walk_in"


class TicketStatus(enum.StrEnum):
    WAITING = "waiting"
    CALLED = "called"
    SERVING = "serving"
    SERVED = "served"
    NO_SHOW = "no_show"
    TRANSFERRED = "transferred"


@dataclass(frozen=True, order=True)
class TicketNumber:
    letter: str
    sequence: int

    def __post_init__(self) -> None:
        if not re.fullmatch(r"[A-Z]", self.letter):
            raise ValueError(f"ticket letter must be one capital Latin letter, not {self.letter!r}")
        if self.sequence < 1:
            raise ValueError("ticket sequence starts at 1")

    def __str__(self) -> str:
        return f"{self.letter}{self.sequence:03d}"

    @classmethod
    def parse(cls, text: str) -> TicketNumber:
        m = _NUMBER.match(text.strip().upper())
        if not m:
            raise ValueError(f"not a ticket number: {text!r}")
        return cls(m.group(1), int(m.group(2)))

    def spoken(self, language: str = "az") -> list[str]:
        """Words to announce: `A042` → `["A", "qırx", "iki"]` (the letter, then
        the number as words; leading zeros are not said)."""
        return [self.letter, *number_words(self.sequence, language)]


@dataclass(frozen=True)
class Ticket:
    """One visitor's place in the queue of one centre on one day."""

    id: int
    centre_id: str
    service_id: str
    number: TicketNumber
    day: date
    kind: TicketKind
    status: TicketStatus
    issued_at: datetime
    booking_code: str | None = None
    slot_at: datetime | None = None  # for booked tickets: the booked time
    priority_category: str | None = None
    counter: int | None = None
    called_at: datetime | None = None
    served_at: datetime | None = None
    finished_at: datetime | None = None
    call_time: datetime | None = None  # dispatch order (see kiosk_app.domain.dispatch)
    #: the agency application the visitor comes about (booked with it, or typed at the kiosk)
    application_number: str | None = None

    @property
    def display(self) -> str:
        return str(self.number)


def next_sequence(last: int | None) -> int:
    """The sequence after `last` (None: nothing issued yet today)."""
    return 1 if last is None else last + 1
