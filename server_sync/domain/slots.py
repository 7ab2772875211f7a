"""Time slots and their capacity, and the date rules of seed 003 (pure).

A slot's capacity is how many visitors the counters serving a service can see
in it: `counters × slot_minutes / average_minutes`. Fractions are not thrown
away slot by slot: within one opening interval the running total is floored,
so a 45-minute service with one counter and 30-minute slots gives 0, 1, 0, 1…
places rather than none at all. Lunch breaks are the gaps between the day's
opening intervals and holidays have no intervals, so neither yields a slot.

Bookable resources. The engine reserves places in *resources*: a key string
plus a plan of slots. Today the only kind is "a service at a centre"
(`service_resource_key`). Appointments with officials on their reception days
(seed 002) become another kind: an `official:<id>` key whose plan comes from
the official's reception days instead of the centre's counters; the store's
slot counters, the atomic reservation and the booking rows are keyed by the
resource string and need no change.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from server_sync.kernel.booking_rules import BookingRules
from server_sync.kernel.catalogue import Catalogue, Centre, Service


@dataclass(frozen=True)
class SlotOffer:
    """One bookable time with its capacity (before subtracting bookings)."""

    start: time
    end: time
    capacity: int


@dataclass(frozen=True)
class CapacityRule:
    """How capacity is computed for one centre and service."""

    slot_minutes: int
    average_minutes: int
    counters: int
    online_share: float = 1.0


def service_resource_key(centre_id: str, service_id: str) -> str:
    """The resource a service booking reserves: this service at this centre."""
    return f"svc:{centre_id}:{service_id}"


def capacity_rule(
    catalogue: Catalogue,
    centre: Centre,
    service: Service,
    default_slot_minutes: int,
    overrides: Mapping[tuple[str, str], Mapping[str, Any]] | None = None,
) -> CapacityRule:
    """The rule for `service` at `centre`; `overrides` (from the catalogue
    document's `booking_rules`) may change slot length, average duration,
    counter count and the share of places offered online."""
    rules = overrides or {}
    extra = dict(rules.get((centre.id, "*"), {}))
    extra.update(rules.get((centre.id, service.id), {}))
    return CapacityRule(
        slot_minutes=int(extra.get("slot_minutes", default_slot_minutes)),
        average_minutes=int(extra.get("average_minutes", service.average_minutes)),
        counters=int(extra.get("counters", len(centre.counters_for(service.id)))),
        online_share=float(extra.get("online_share", 1.0)),
    )


def parse_booking_rules(raw: object) -> dict[tuple[str, str], dict[str, Any]]:
    """Read `[{"centre": id, "service": id or "*", ...numbers}]`; bad entries are
    skipped (the kernel's `BookingRules`, which the catalogue carries)."""
    return {key: dict(values) for key, values in BookingRules.from_list(raw).by_key.items()}


def slots_on(centre: Centre, rule: CapacityRule, day: date) -> list[SlotOffer]:
    """The slots of `day` with their capacity; none on holidays and closed days."""
    if rule.counters <= 0 or rule.average_minutes <= 0 or rule.slot_minutes <= 0:
        return []
    offers: list[SlotOffer] = []
    per_minute = rule.counters * rule.online_share / rule.average_minutes
    step = timedelta(minutes=rule.slot_minutes)
    for opens, closes in centre.hours.intervals_on(day):
        start = datetime.combine(day, opens)
        end_of_interval = datetime.combine(day, closes)
        given = 0
        minutes = 0
        while start + step <= end_of_interval:
            minutes += rule.slot_minutes
            total = int(per_minute * minutes + 1e-9)
            offers.append(SlotOffer(start.time(), (start + step).time(), total - given))
            given = total
            start += step
    return offers


def find_slot(offers: list[SlotOffer], start: time) -> SlotOffer | None:
    return next((o for o in offers if o.start == start), None)


def bookable_days(today: date, min_days_ahead: int, horizon_days: int) -> list[date]:
    """Every calendar day a booking may be made for, seen from `today` (Baku)."""
    return [today + timedelta(days=n) for n in range(min_days_ahead, horizon_days + 1)]


def date_problem(today: date, day: date, min_days_ahead: int, horizon_days: int) -> str | None:
    """Why `day` cannot be booked from `today`, as a reason code, or None."""
    if day < today + timedelta(days=min_days_ahead):
        return "date_too_soon" if day >= today else "date_in_past"
    if day > today + timedelta(days=horizon_days):
        return "date_beyond_horizon"
    return None
