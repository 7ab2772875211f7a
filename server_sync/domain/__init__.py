"""The booking domain shared by the central service and every centre (pure Python)."""

from server_sync.domain.booking import (
    Applicant,
    Booking,
    BookingStatus,
    InvalidTransition,
    Slot,
    can_transition,
)
from server_sync.domain.catalogue import (
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
from server_sync.domain.clock import BAKU, Clock, FixedClock, SystemClock
from server_sync.domain.order_codes import (
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
    "Agency",
    "Applicant",
    "Booking",
    "BookingStatus",
    "Catalogue",
    "CatalogueError",
    "Centre",
    "Clock",
    "Counter",
    "FixedClock",
    "InvalidTransition",
    "Language",
    "OrderCodeError",
    "Service",
    "Slot",
    "SystemClock",
    "Text",
    "WeeklyHours",
    "can_transition",
    "format_order_code",
    "generate_order_code",
    "is_valid",
    "parse_order_code",
]
