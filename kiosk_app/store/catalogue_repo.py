"""The catalogue as the centre holds it (written by `db seed-demo` and the sync agent)."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import Connection, delete, insert, select, update

from kiosk_app.store.tables import agencies, centres, services, store_meta
from server_sync.kernel.catalogue import Catalogue

CATALOGUE_VERSION_KEY = "catalogue_version"
# The booking rules and the check-in window's default travel with the catalogue;
# the centre keeps them as one JSON fact beside its version.
CATALOGUE_RULES_KEY = "catalogue_rules"
# Grows by one with every change of the catalogue or of the central settings:
# the running screens watch it and reload when it moves (`services.live_config`).
CONFIG_GENERATION_KEY = "config_generation"


def replace_catalogue(conn: Connection, catalogue: Catalogue) -> None:
    """Make the stored catalogue equal `catalogue` (one transaction, the caller's)."""
    data = catalogue.to_dict()
    conn.execute(delete(centres))
    conn.execute(delete(services))
    conn.execute(delete(agencies))
    if data["agencies"]:
        conn.execute(
            insert(agencies), [{"id": a["id"], "name": a["name"]} for a in data["agencies"]]
        )
    if data["services"]:
        conn.execute(insert(services), [_service_row(s) for s in data["services"]])
    if data["centres"]:
        conn.execute(insert(centres), [_centre_row(c) for c in data["centres"]])
    set_meta(conn, CATALOGUE_VERSION_KEY, str(catalogue.version))
    rules = {"booking_rules": data["booking_rules"], "checkin_window": data["checkin_window"]}
    set_meta(conn, CATALOGUE_RULES_KEY, json.dumps(rules, ensure_ascii=False))
    bump_generation(conn)


def bump_generation(conn: Connection) -> None:
    """Tell the running screens the catalogue or the central settings changed."""
    set_meta(conn, CONFIG_GENERATION_KEY, str(config_generation(conn) + 1))


def config_generation(conn: Connection) -> int:
    return int(get_meta(conn, CONFIG_GENERATION_KEY) or 0)


def load_catalogue(conn: Connection) -> Catalogue:
    agency_rows = [{"id": r.id, "name": r.name} for r in conn.execute(select(agencies))]
    service_rows = [
        {
            "id": r.id,
            "agency": r.agency_id,
            "name": r.name,
            "group": r.group_letter,
            "average_minutes": r.average_minutes,
            "bookable_online": r.bookable_online,
            "walk_in": r.walk_in,
        }
        for r in conn.execute(select(services))
    ]
    centre_rows = [
        {
            "id": r.id,
            "name": r.name,
            "address": r.address,
            "timezone": r.timezone,
            "hours": r.hours,
            "holidays": r.holidays,
            "services": r.services,
            "counters": r.counters,
        }
        for r in conn.execute(select(centres))
    ]
    version = int(get_meta(conn, CATALOGUE_VERSION_KEY) or 1)
    rules = json.loads(get_meta(conn, CATALOGUE_RULES_KEY) or "{}")
    return Catalogue.from_dict(
        {
            "version": version,
            "agencies": agency_rows,
            "services": service_rows,
            "centres": centre_rows,
            **rules,
        }
    )


def get_meta(conn: Connection, key: str) -> str | None:
    return conn.execute(
        select(store_meta.c.value).where(store_meta.c.key == key)
    ).scalar_one_or_none()


def set_meta(conn: Connection, key: str, value: str) -> None:
    updated = conn.execute(
        update(store_meta).where(store_meta.c.key == key).values(value=value)
    ).rowcount
    if not updated:
        conn.execute(insert(store_meta).values(key=key, value=value))


def _service_row(s: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": s["id"],
        "agency_id": s["agency"],
        "name": s["name"],
        "group_letter": s["group"],
        "average_minutes": s["average_minutes"],
        "bookable_online": s["bookable_online"],
        "walk_in": s["walk_in"],
    }


def _centre_row(c: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": c["id"],
        "name": c["name"],
        "address": c["address"],
        "timezone": c["timezone"],
        "hours": c["hours"],
        "holidays": c["holidays"],
        "services": c["services"],
        "counters": c["counters"],
    }
