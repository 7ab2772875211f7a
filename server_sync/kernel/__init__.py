"""The shared kernel: the rules the central service and every centre both use (pure Python).

Catalogue, bookings and their one status table, order codes, the check-in window, the
clock, Azerbaijani text folding and collation, personal-data masking. Nothing here
imports a framework, a database or another part of `server_sync`.
"""

from server_sync.kernel.booking import (
    STATUS_TABLE,
    Applicant,
    Booking,
    BookingStatus,
    InvalidTransition,
    Slot,
    StatusRule,
    can_transition,
)
from server_sync.kernel.booking_rules import BookingRules
from server_sync.kernel.catalogue import (
    LANGUAGES,
    Agency,
    Catalogue,
    CatalogueError,
    Centre,
    Counter,
    Language,
    Service,
    Text,
    WeeklyHours,
)
from server_sync.kernel.checkin_window import CheckInWindow, WindowPosition
from server_sync.kernel.clock import BAKU, Clock, FixedClock, SystemClock
from server_sync.kernel.order_codes import (
    CODE_LENGTH,
    OrderCodeError,
    format_order_code,
    generate_order_code,
    is_valid,
    parse_order_code,
)

__all__ = [
    "BAKU",
    "CODE_LENGTH",
    "LANGUAGES",
    "STATUS_TABLE",
    "Agency",
    "Applicant",
    "Booking",
    "BookingRules",
    "BookingStatus",
    "Catalogue",
    "CatalogueError",
    "Centre",
    "CheckInWindow",
    "Clock",
    "Counter",
    "FixedClock",
    "InvalidTransition",
    "Language",
    "OrderCodeError",
    "Service",
    "Slot",
    "StatusRule",
    "SystemClock",
    "Text",
    "WeeklyHours",
    "WindowPosition",
    "can_transition",
    "format_order_code",
    "generate_order_code",
    "is_valid",
    "parse_order_code",
]
