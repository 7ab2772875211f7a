"""The water-debt question (seed 000, "Su borcunun internet vasitəsilə öyrənilməsi"):
the subscriber code and the subscriber type, checked before any agency is asked."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from server_sync.domain.validation import FieldProblem
from server_sync.kernel.i18n import N_

#: Subscriber types and their words ("abonent tipi").
SUBSCRIBER_TYPES = {
    "household": N_("water.type.household"),
    "business": N_("water.type.business"),
}
_CODE = re.compile(r"^\d{6,12}$")


@dataclass(frozen=True)
class WaterDebt:
    """What the agency tells about one subscriber."""

    subscriber_code: str
    subscriber_type: str
    debt_azn: Decimal
    meter_number: str
    last_reading: Decimal
    read_on: date


def check_subscriber(code: str, kind: str) -> tuple[str, str]:
    """The subscriber code (6 to 12 digits, spaces ignored) and a known type."""
    cleaned = re.sub(r"[\s-]", "", code)
    if not cleaned:
        raise FieldProblem("subscriber_code", "required")
    if not _CODE.match(cleaned):
        raise FieldProblem("subscriber_code", "subscriber_code_format")
    if kind not in SUBSCRIBER_TYPES:
        raise FieldProblem("subscriber_type", "required" if not kind else "not_a_choice")
    return cleaned, kind
