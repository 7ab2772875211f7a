"""What a printed ticket says: the pure input of the ticket layout."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time
from typing import Literal, get_args

Language = Literal["az", "ru", "en"]
LANGUAGES: tuple[Language, ...] = get_args(Language)


@dataclass(frozen=True)
class TicketSlip:
    """Everything printed on one queue ticket, already decided by the kiosk.

    `number` is the ticket number people read ("A042"); `status_url` is the QR
    payload (the ticket's live status page); `booking_slot` is set for online
    bookings; `footer` None means the 108 call-centre line in `language`.
    """

    centre_name: str
    number: str
    service_name: str
    issued_at: datetime
    people_ahead: int
    wait_minutes: int
    language: Language
    status_url: str
    booking_slot: time | None = None
    footer: str | None = None

    def __post_init__(self) -> None:
        if self.language not in LANGUAGES:
            raise ValueError(f"language must be one of {LANGUAGES}, not {self.language!r}")
        if not self.number.strip():
            raise ValueError("a ticket needs a number")
        if self.people_ahead < 0 or self.wait_minutes < 0:
            raise ValueError("people ahead and wait minutes cannot be negative")
