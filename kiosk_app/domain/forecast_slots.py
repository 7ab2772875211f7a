"""Online slot capacities that follow from a forecast (pure).

The central booking pages give a slot `counters × online_share × slot_minutes /
average_minutes` places (`server_sync.domain.slots`); by default every counter
serving a service counts for it in full, so services that share counters are
each offered the whole group. The suggestion gives each service its part:

- counters: the group's counters open on average over the day (rounded up);
- online_share: the service's share of the group's counter time × the share of its
  visitors who booked, raised for the bookings nobody comes for (so the places
  filled by those who do come match what booked visitors used), at most 1;
- average_minutes: the observed mean counter time of a served visitor.

The result is the catalogue's `booking_rules` list with these entries replaced,
which `asan-queue it push-catalogue` takes inside the catalogue document.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from kiosk_app.domain.forecast import Forecast
from kiosk_app.domain.forecast_model import DemandModel


@dataclass(frozen=True)
class SlotSuggestion:
    service_id: str
    counters: int
    online_share: float
    average_minutes: int

    def places_per_hour(self) -> float:
        return self.counters * self.online_share * 60 / max(self.average_minutes, 1)


def suggest(
    forecast: Forecast,
    model: DemandModel,
    weekday: int,
    bookable: Sequence[str],
    average_minutes: Mapping[str, float],
) -> list[SlotSuggestion]:
    out: list[SlotSuggestion] = []
    for group in forecast.groups:
        hours = [n for n in forecast.needed.get(group.name, {}).values() if n > 0]
        counters = math.ceil(sum(hours) / len(hours)) if hours else 0
        work = {}
        for sid in group.services:
            profile = model.profile(sid, average_minutes.get(sid, 10.0))
            visitors = sum(
                model.expected_arrivals(weekday, sid, k) for k in ("walk_in", "priority")
            )
            visitors /= max(1 - profile.booked_share, 0.05)  # walk-ins are the rest
            work[sid] = visitors * profile.mean_busy
        total = sum(work.values())
        for sid in sorted(group.services):
            profile = model.profile(sid, average_minutes.get(sid, 10.0))
            done = any(o.service_id == sid for o in out)  # served by two groups: the first
            if done or sid not in bookable or not profile.busy_minutes or total <= 0:
                continue
            booked = profile.booked_share / max(1 - profile.booking_no_show, 0.05)
            share = min(round(work[sid] / total * booked, 3), 1.0)
            out.append(SlotSuggestion(sid, counters, share, max(round(profile.mean_busy), 1)))
    return out


def booking_rules_with(
    rules: Sequence[Mapping[str, Any]], centre_id: str, suggestions: Sequence[SlotSuggestion]
) -> list[dict[str, Any]]:
    """`rules` with this centre's entries for the suggested services replaced (other
    keys of an entry, e.g. the check-in window, are kept)."""
    by_service = {s.service_id: s for s in suggestions}
    out: list[dict[str, Any]] = []
    kept: set[str] = set()
    for entry in rules:
        e = dict(entry)
        sid = str(e.get("service", "*"))
        if e.get("centre") == centre_id and sid in by_service:
            s = by_service[sid]
            e.update(
                counters=s.counters, online_share=s.online_share, average_minutes=s.average_minutes
            )
            kept.add(sid)
        out.append(e)
    for s in suggestions:
        if s.service_id not in kept:
            out.append(
                {
                    "centre": centre_id,
                    "service": s.service_id,
                    "counters": s.counters,
                    "online_share": s.online_share,
                    "average_minutes": s.average_minutes,
                }
            )
    return out
