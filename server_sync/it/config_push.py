"""IT's config pushes: a whole catalogue, opening hours or settings, to one or all centres.

Each push gets the next number (its version); centres apply pushes in order and
report the last one applied in their heartbeat, which fills `config_applied`.
A push to all centres also becomes the central catalogue (the booking pages
use it, and centres pull it with their catalogue cursor); a catalogue pushed to
one centre only (a trial) does not, and holds there until the next central
version.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from server_sync.kernel.catalogue import Catalogue, CatalogueError, parse_hours
from server_sync.kernel.centre_settings import SettingsPushError, check_settings
from server_sync.store import repositories as repo
from server_sync.store.sync_models import config_pushes

ALL = "*"


class PushRefused(ValueError):
    """The change cannot be pushed (bad document, unknown centre)."""


def _latest(conn: sa.Connection) -> dict[str, Any]:
    version = repo.latest_catalogue_version(conn)
    if version is None:
        raise PushRefused("no catalogue published yet: run `asan-queue server seed` first")
    return repo.load_catalogue_document(conn, version)


def _record(
    conn: sa.Connection, kind: str, target: str, data: Mapping[str, Any], note: str, now: datetime
) -> int:
    result = conn.execute(
        config_pushes.insert()
        .values(
            kind=kind,
            target=target,
            data=json.dumps(data, ensure_ascii=False),
            note=note[:200],
            created_at=now,
        )
        .returning(config_pushes.c.id)
    )
    return int(result.scalar_one())


def push_catalogue(
    engine: Engine, data: Mapping[str, Any], target: str, now: datetime, note: str = ""
) -> int:
    """Check and push a catalogue to `target` (a centre id or ALL); returns the push id."""
    try:
        checked = Catalogue.from_dict(data)
    except CatalogueError as exc:
        raise PushRefused(f"catalogue refused: {exc}") from None
    if target != ALL and target not in checked.centres:
        raise PushRefused(f"centre {target!r} is not in this catalogue")
    with engine.begin() as conn:
        document = dict(data)
        if target == ALL:
            version = repo.save_catalogue(conn, data, now)
            document["version"] = version
        else:
            # A trial holds at the centre until the next central catalogue version
            # after this one (the centre's catalogue pull then replaces it).
            document["based_on"] = repo.latest_catalogue_version(conn) or 0
        return _record(conn, "catalogue", target, document, note, now)


def push_hours(
    engine: Engine, hours: Mapping[str, Any], target: str, now: datetime, note: str = ""
) -> int:
    """Push opening hours {"hours": {...}, "holidays": [...]} to a centre or ALL.

    The central catalogue gets the same hours as a new version, so the booking
    pages offer the right slots."""
    if not isinstance(hours.get("hours"), Mapping):
        raise PushRefused('opening hours need {"hours": {"mon": [["09:00", "18:00"]], ...}}')
    holidays = hours.get("holidays")
    try:
        parse_hours(hours["hours"], holidays or [], "hours")
    except CatalogueError as exc:
        raise PushRefused(f"opening hours refused: {exc}") from None
    with engine.begin() as conn:
        document = _latest(conn)
        ids = [c["id"] for c in document.get("centres", [])]
        if target != ALL and target not in ids:
            raise PushRefused(f"centre {target!r} is not in the central catalogue")
        for centre in document["centres"]:
            if target in (ALL, centre["id"]):
                centre["hours"] = hours["hours"]
                if holidays is not None:
                    centre["holidays"] = holidays
        version = repo.save_catalogue(conn, document, now)
        data = {"hours": hours["hours"], "version": version}
        if holidays is not None:
            data["holidays"] = holidays
        return _record(conn, "hours", target, data, note, now)


def push_settings(
    engine: Engine, data: Mapping[str, Any], target: str, now: datetime, note: str = ""
) -> int:
    """Push centre settings (the keys of `kernel.centre_settings.LIVE_SETTINGS`) to a
    centre or ALL; running screens apply them at their next config check."""
    try:
        checked = check_settings(data)
    except SettingsPushError as exc:
        raise PushRefused(f"settings refused: {exc}") from None
    with engine.begin() as conn:
        if target != ALL:
            ids = [c["id"] for c in _latest(conn).get("centres", [])]
            if target not in ids:
                raise PushRefused(f"centre {target!r} is not in the central catalogue")
        return _record(conn, "settings", target, checked, note, now)
