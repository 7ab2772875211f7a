"""What the sync, IT and status routes share: their services and settings.

They hang off the app built by `server_sync.app.create_app` and are made on
first use from its engine and clock, so the app factory needs no sync wiring
beyond including the router.
"""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import Request
from sqlalchemy.engine import Engine
from starlette.concurrency import run_in_threadpool

from server_sync.api.deps import Services, get_services
from server_sync.config import ITSettings, SyncSettings
from server_sync.services.errors import refuse
from server_sync.sync_api.service import SyncService
from server_sync.sync_api.tokens import centre_for_token


@dataclass
class SyncContext:
    engine: Engine
    services: Services
    sync: SyncService
    it: ITSettings
    settings: SyncSettings
    secret: str


def sync_context(request: Request) -> SyncContext:
    state = request.app.state
    found: SyncContext | None = getattr(state, "sync_context", None)
    if found is None:
        services = get_services(request)
        settings = getattr(state, "settings", None)
        found = SyncContext(
            services.engine,
            services,
            SyncService(services.engine, services.clock, services.catalogue, services.applications),
            getattr(settings, "it", None) or ITSettings(),
            getattr(settings, "sync", None) or SyncSettings(),
            services.server.secret_key or "asanq-demo-secret-not-for-production",
        )
        state.sync_context = found
    return found


async def authenticated_centre(request: Request) -> str:
    """The centre whose live token is in `Authorization: Bearer …`, or 401."""
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token or len(token) > 200:
        raise refuse(401, "authorization", "bad_token")
    context = sync_context(request)

    def find() -> str | None:
        with context.engine.connect() as conn:
            centre = centre_for_token(conn, token)
            conn.commit()
        return centre

    centre = await run_in_threadpool(find)
    if centre is None:
        raise refuse(401, "authorization", "bad_token")
    return centre
