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
from kiosk_app.domain.dispatch import (
    DispatchPolicy,
    Reach,
    Staffing,
    Waiting,
    choose_next,
    people_ahead,
    people_ahead_all,
    people_ahead_of_newcomer,
)
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
    "Reach",
    "Refusal",
    "Staffing",
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
    "people_ahead",
    "people_ahead_all",
    "people_ahead_of_newcomer",
    "precheck_code",
]
