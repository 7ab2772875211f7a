"""The centre settings IT may push to running centres (config push kind "settings").

Only these keys: each is read where it is used, so a running kiosk, staff
console or hall display applies a push without a restart. IT's push wins over
the centre's own file for these keys. A push is a section → key → value mapping,
e.g. ``{"kiosk": {"idle_seconds": 60}, "staff": {"max_recalls": 2}}``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

# section.key → (type, lowest, highest); bounds are None for booleans
LIVE_SETTINGS: dict[str, tuple[type, int | None, int | None]] = {
    "kiosk.idle_seconds": (int, 5, 3600),
    "checkin.offer_walk_in_when_late": (bool, None, None),
    "staff.max_recalls": (int, 1, 20),
    "dispatch.booked_credit_minutes": (int, 0, 24 * 60),
    "dispatch.priority_credit_minutes": (int, 0, 24 * 60),
    "dispatch.target_wait_minutes": (int, 1, 24 * 60),
}


class SettingsPushError(ValueError):
    """A settings push names an unknown key or a value out of range."""


def check_settings(data: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """The push as section → key → value, every key known and every value in range."""
    if not isinstance(data, Mapping) or not data:
        raise SettingsPushError('settings need {"section": {"key": value}}, e.g. {"kiosk": ...}')
    checked: dict[str, dict[str, Any]] = {}
    for section, values in data.items():
        if not isinstance(values, Mapping):
            raise SettingsPushError(f"{section}: expected an object of settings")
        for key, value in values.items():
            name = f"{section}.{key}"
            rule = LIVE_SETTINGS.get(name)
            if rule is None:
                known = ", ".join(sorted(LIVE_SETTINGS))
                raise SettingsPushError(f"{name} cannot be pushed (these can: {known})")
            kind, low, high = rule
            if kind is bool:
                if not isinstance(value, bool):
                    raise SettingsPushError(f"{name}: expected true or false")
            elif isinstance(value, bool) or not isinstance(value, int):
                raise SettingsPushError(f"{name}: expected a whole number")
            elif (low is not None and value < low) or (high is not None and value > high):
                raise SettingsPushError(f"{name}: {value} is not within {low}..{high}")
            checked.setdefault(str(section), {})[str(key)] = value
    return checked


def merged(held: Mapping[str, Any], push: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """The settings a centre holds after `push` (later pushes override key by key)."""
    out: dict[str, dict[str, Any]] = {s: dict(v) for s, v in held.items() if isinstance(v, dict)}
    for section, values in check_settings(push).items():
        out.setdefault(section, {}).update(values)
    return out
