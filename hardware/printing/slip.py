"""What a printed ticket says: the pure input of the ticket layout.

The words come in already translated (the kiosk's catalogue, `asanq`), so the
layout only sets them: hardware knows no language.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, get_args

Language = Literal["az", "ru", "en"]
LANGUAGES: tuple[Language, ...] = get_args(Language)


@dataclass(frozen=True)
class TicketWords:
    """The ticket's own lines in the visitor's language.

    `online_booking` and `slot` are set only for online bookings; `footer` may be
    empty to leave the line out.
    """

    your_number: str
    people_ahead: str
    wait: str
    scan: str
    issued: str
    footer: str = ""
    online_booking: str = ""
    slot: str = ""


@dataclass(frozen=True)
class TicketSlip:
    """Everything printed on one queue ticket, already decided by the kiosk.

    `number` is the ticket number people read ("A042"); `status_url` is the QR
    payload (the ticket's live status page).
    """

    centre_name: str
    number: str
    service_name: str
    status_url: str
    words: TicketWords

    def __post_init__(self) -> None:
        if not self.number.strip():
            raise ValueError("a ticket needs a number")

    @property
    def booked(self) -> bool:
        return bool(self.words.slot)
