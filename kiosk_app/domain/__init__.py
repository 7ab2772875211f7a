"""The centre's domain: tickets, numbering, check-in, dispatch, waiting estimates.

Pure Python: no Qt, no SQL, no HTTP. The booking domain it builds on is
`server_sync.domain` (shared with the central service).
"""

from kiosk_app.domain.checkin import (
    Accepted,
    AlreadyUsed,
    BadCheckDigit,
    Cancelled,
    CheckInOutcome,
    Refusal,
    TooEarly,
    TooLate,
    UnknownCode,
    WrongCentre,
    WrongDay,
    evaluate_check_in,
    precheck_code,
)
from kiosk_app.domain.dispatch import DispatchPolicy, Waiting, choose_next, position_in_queue
from kiosk_app.domain.estimates import WaitEstimate, estimate_wait
from kiosk_app.domain.numbers_speech import number_words
from kiosk_app.domain.tickets import Ticket, TicketKind, TicketNumber, TicketStatus

__all__ = [
    "Accepted",
    "AlreadyUsed",
    "BadCheckDigit",
    "Cancelled",
    "CheckInOutcome",
    "DispatchPolicy",
    "Refusal",
    "Ticket",
    "TicketKind",
    "TicketNumber",
    "TicketStatus",
    "TooEarly",
    "TooLate",
    "UnknownCode",
    "WaitEstimate",
    "Waiting",
    "WrongCentre",
    "WrongDay",
    "choose_next",
    "estimate_wait",
    "evaluate_check_in",
    "number_words",
    "position_in_queue",
    "precheck_code",
]
