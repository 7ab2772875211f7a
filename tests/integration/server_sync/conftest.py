"""Fixtures of the central service's integration tests: a migrated store with the
test catalogue, the real app under uvicorn on loopback, a real SMTP server."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from server_sync.api.deps import Services
from server_sync.kernel.clock import FixedClock
from tests.integration.server_sync.helpers import Inbox, config, prepared_app, running, smtp_server


@dataclass
class Central:
    """The running service and what a test needs to drive and observe it."""

    app: FastAPI
    url: str
    http: httpx.Client
    inbox: Inbox
    clock: FixedClock

    @property
    def services(self) -> Services:
        services: Services = self.app.state.services
        return services

    def code_for(self, address: str) -> str:
        """Ask for a confirmation code over HTTP and read it from the received mail."""
        before = len(self.inbox.to(address, "code"))
        response = self.http.post("/api/v1/confirmation-codes", json={"email": address})
        assert response.status_code == 202, response.text
        return self.inbox.wait_code(address, before + 1)


@pytest.fixture
def smtp() -> Iterator[tuple[Inbox, int]]:
    with smtp_server() as found:
        yield found


@pytest.fixture
def booking_overrides() -> dict[str, object]:
    """Booking settings a test module changes (override this fixture)."""
    return {}


@pytest.fixture
def settings_overrides() -> dict[str, object]:
    """Any other settings a test changes, as dotted keys (parametrise this fixture)."""
    return {}


@pytest.fixture
def central(
    tmp_path: Path,
    clock: FixedClock,
    smtp: tuple[Inbox, int],
    booking_overrides: dict[str, object],
    settings_overrides: dict[str, object],
    request: pytest.FixtureRequest,
) -> Iterator[Central]:
    """The service on SQLite, or on PostgreSQL when parametrised indirectly with "postgres"."""
    db_url = f"sqlite:///{tmp_path / 'central.db'}"
    if getattr(request, "param", "sqlite") == "postgres":
        db_url = request.getfixturevalue("pg_database")
    inbox, port = smtp
    booking: dict[str, Any] = {"code_resend_seconds": 0, **booking_overrides}
    app = prepared_app(config(db_url, port, **booking).with_overrides(settings_overrides), clock)
    with running(app) as url, httpx.Client(base_url=url, timeout=30) as http:
        yield Central(app, url, http, inbox, clock)
