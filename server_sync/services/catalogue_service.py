"""The catalogue as the central store holds it, cached per process.

The store keeps each published catalogue as a numbered JSON document; the
service reads the latest once (with the check-in window's default from the
central settings, `booking.checkin_*`) and checks for a newer version at most every few
seconds, so all workers agree within moments of a publish without a query per
request.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from sqlalchemy.engine import Engine

from server_sync.kernel.catalogue import Catalogue, CatalogueError
from server_sync.kernel.checkin_window import CheckInWindow
from server_sync.store import repositories as repo

_EMPTY: dict[str, Any] = {"version": 0, "agencies": [], "services": [], "centres": []}


@dataclass(frozen=True)
class CatalogueView:
    version: int
    catalogue: Catalogue
    rules: Mapping[tuple[str, str], Mapping[str, Any]]
    document: Mapping[str, Any]


class CatalogueService:
    def __init__(
        self, engine: Engine, checkin: CheckInWindow | None = None, refresh_s: float = 5.0
    ) -> None:
        self._engine = engine
        self._checkin = checkin or CheckInWindow()
        self._refresh_s = refresh_s
        self._lock = threading.Lock()
        self._view = _view(0, _EMPTY, self._checkin)
        self._checked = float("-inf")

    def current(self) -> CatalogueView:
        """The latest published catalogue (an empty one before the first publish)."""
        if time.monotonic() - self._checked < self._refresh_s:
            return self._view
        with self._lock:
            if time.monotonic() - self._checked >= self._refresh_s:
                self._reload()
        return self._view

    def _reload(self) -> None:
        with self._engine.connect() as conn:
            version = repo.latest_catalogue_version(conn)
            if version is not None and version != self._view.version:
                document = repo.load_catalogue_document(conn, version)
                self._view = _view(version, document, self._checkin)
            conn.commit()
        self._checked = time.monotonic()

    def publish(self, data: Mapping[str, Any], now: datetime) -> int:
        """Check and store a new catalogue version; `CatalogueError` if it is bad."""
        Catalogue.from_dict(data)
        with self._engine.begin() as conn:
            version = repo.save_catalogue(conn, data, now)
        self._checked = float("-inf")
        return version


def _view(version: int, document: Mapping[str, Any], checkin: CheckInWindow) -> CatalogueView:
    """The published document as the service uses it; the check-in window's default
    is the central setting's, whatever the document says."""
    try:
        catalogue = Catalogue.from_dict(document)
    except CatalogueError:
        catalogue = Catalogue.from_dict(_EMPTY)
    catalogue = replace(catalogue, checkin=checkin)
    return CatalogueView(version, catalogue, catalogue.rules.by_key, document)
