"""`GET /healthz`: the process answers and its store is reachable."""

from __future__ import annotations

from typing import Annotated

import sqlalchemy as sa
from fastapi import APIRouter, Depends
from pydantic import BaseModel

from server_sync.api.deps import Services, get_services

router = APIRouter(tags=["health"])


class HealthPublic(BaseModel):
    status: str
    catalogue_version: int


@router.get("/healthz", response_model=HealthPublic)
def health(services: Annotated[Services, Depends(get_services)]) -> HealthPublic:
    with services.engine.connect() as conn:
        conn.execute(sa.text("SELECT 1"))
        conn.commit()
    return HealthPublic(status="ok", catalogue_version=services.catalogue.current().version)
