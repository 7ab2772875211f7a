"""Per centre and service overrides of the booking rules (the catalogue's `booking_rules`).

`[{"centre": "baku-1", "service": "*", "slot_minutes": 60, "counters": 2,
"checkin_before_minutes": 45}]`: the central service reads the capacity numbers
(`server_sync.domain.slots`), and every side reads the check-in window. An entry
for a service wins over the centre's `"*"` entry. Entries that are not objects
with a centre id, and numbers that are not non-negative numbers, are skipped.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from server_sync.kernel.checkin_window import CheckInWindow

CAPACITY_KEYS = frozenset({"slot_minutes", "average_minutes", "counters", "online_share"})
CHECKIN_KEYS = {
    "checkin_before_minutes": "before_minutes",
    "checkin_grace_minutes": "grace_minutes",
}
ALL = "*"

RuleKey = tuple[str, str]


@dataclass(frozen=True)
class BookingRules:
    by_key: Mapping[RuleKey, Mapping[str, float]] = field(default_factory=dict)

    @classmethod
    def from_list(cls, raw: object) -> BookingRules:
        rules: dict[RuleKey, dict[str, float]] = {}
        if not isinstance(raw, list):
            return cls(rules)
        for entry in raw:
            if not isinstance(entry, dict) or not isinstance(entry.get("centre"), str):
                continue
            values = {
                k: v
                for k, v in entry.items()
                if k in CAPACITY_KEYS | CHECKIN_KEYS.keys()
                and isinstance(v, int | float)
                and not isinstance(v, bool)
                and v >= 0
            }
            rules[(entry["centre"], str(entry.get("service", ALL)))] = values
        return cls(rules)

    def to_list(self) -> list[dict[str, Any]]:
        return [
            {"centre": centre, "service": service, **values}
            for (centre, service), values in self.by_key.items()
        ]

    def values_for(self, centre_id: str, service_id: str) -> dict[str, float]:
        """The numbers that apply to this service at this centre."""
        merged = dict(self.by_key.get((centre_id, ALL), {}))
        merged.update(self.by_key.get((centre_id, service_id), {}))
        return merged

    def checkin_window(
        self, centre_id: str, service_id: str, default: CheckInWindow
    ) -> CheckInWindow:
        values = self.values_for(centre_id, service_id)
        return CheckInWindow.from_dict(
            {name: values[key] for key, name in CHECKIN_KEYS.items() if key in values}, default
        )
