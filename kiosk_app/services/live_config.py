"""Running screens follow the centre store's config without a restart.

The sync agent writes IT's pushes (catalogue, opening hours, settings) into the
centre store and bumps its config generation (`catalogue_repo.bump_generation`).
Each kiosk, staff console and hall display runs a `ConfigWatch`: a cheap read of
that generation every few seconds; when it moved, the catalogue and the central
settings are read again (one transaction, with the config cursor they belong
to) and handed to the process, which then records in `running_config` which
cursor it runs. The agent reports the oldest live one in its heartbeat, so IT's
`it pushes` says "applied" only when the screens run the push.
"""

from __future__ import annotations

import json
import logging
import os
import socket
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, Engine

from kiosk_app.store import running_repo
from kiosk_app.store.catalogue_repo import config_generation, get_meta, load_catalogue
from kiosk_app.store.engine import read_tx, write_tx
from server_sync.kernel.catalogue import Catalogue
from server_sync.kernel.clock import Clock
from server_sync.kernel.settings_model import fields_of, replaced

log = logging.getLogger("asanq.config")

CONFIG_CURSOR_KEY = "sync_config_cursor"  # written by the sync agent (sync_store)
CENTRAL_SETTINGS_KEY = "central_settings"
REFRESH_ROW = timedelta(seconds=15)  # well inside sync_store.RUNNING_STALE


@dataclass(frozen=True)
class LiveConfig:
    """What a screen runs: the catalogue, IT's settings, and the cursor they came with."""

    catalogue: Catalogue
    settings: dict[str, dict[str, Any]]
    config_cursor: int
    generation: int


def read_live_config(conn: Connection) -> LiveConfig:
    held = json.loads(get_meta(conn, CENTRAL_SETTINGS_KEY) or "{}")
    return LiveConfig(
        load_catalogue(conn),
        {s: dict(v) for s, v in held.items() if isinstance(v, dict)},
        int(get_meta(conn, CONFIG_CURSOR_KEY) or 0),
        config_generation(conn),
    )


def central_settings(conn: Connection) -> dict[str, dict[str, Any]]:
    return read_live_config(conn).settings


def process_id(kind: str, device_id: str) -> str:
    return f"{kind}:{device_id}:{socket.gethostname()}:{os.getpid()}"


class ConfigWatch:
    """Polled from a worker thread (`check()`); calls `on_change` with each new config."""

    def __init__(
        self,
        engine: Engine,
        clock: Clock,
        kind: str,
        device_id: str,
        on_change: Callable[[LiveConfig], None],
        *,
        generation: int | None = None,
    ) -> None:
        self.engine, self.clock, self.kind = engine, clock, kind
        self.process_id = process_id(kind, device_id)
        self.on_change = on_change
        self.generation = generation
        self.running: LiveConfig | None = None
        self._recorded_at: datetime | None = None

    def check(self) -> bool:
        """Reload when the store's generation moved; True when it did."""
        with read_tx(self.engine) as conn:
            generation = config_generation(conn)
            fresh = read_live_config(conn) if generation != self.generation else None
        changed = fresh is not None
        if fresh is not None:
            if self.generation is not None:
                log.info(
                    "%s: config generation %d (push %d) loaded",
                    self.kind,
                    fresh.generation,
                    fresh.config_cursor,
                )
            self.on_change(fresh)
            self.generation, self.running = fresh.generation, fresh
        now = self.clock.now()
        if self.running is not None and (
            changed or self._recorded_at is None or now - self._recorded_at >= REFRESH_ROW
        ):
            with write_tx(self.engine) as conn:
                running_repo.record_running(
                    conn,
                    self.process_id,
                    self.kind,
                    self.running.config_cursor,
                    self.running.generation,
                    now,
                )
            self._recorded_at = now
        return changed

    def forget(self) -> None:
        """On a clean exit: this process no longer holds the centre back."""
        with write_tx(self.engine) as conn:
            running_repo.forget_running(conn, self.process_id)


def with_overrides(
    sections: Mapping[str, Any], pushed: Mapping[str, Mapping[str, Any]]
) -> dict[str, Any]:
    """{section: model} after IT's pushed keys (see `kernel.centre_settings`)."""
    out: dict[str, Any] = {}
    for name, values in pushed.items():
        section = sections.get(name)
        if section is None or not values:
            continue
        keys = {f.key for f in fields_of(type(section))}
        out[name] = replaced(section, {k: v for k, v in values.items() if k in keys})
    return out
