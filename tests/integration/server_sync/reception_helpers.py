"""A central service with the demo catalogue and the seed's eight officials, and a
signed-up demo citizen, for the reception tests."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx

from server_sync.catalogue_data import load_demo_catalogue
from server_sync.kernel.clock import FixedClock
from server_sync.services.receptions import seed_demo_officials
from tests.integration.server_sync.conftest import Central
from tests.integration.server_sync.helpers import config, prepared_app, running, smtp_server

OFFICIAL = "isgenderov-sahin"  # Şöbə müdiri, every working day, all working hours


@contextmanager
def reception_central(
    db_url: str, clock: FixedClock, sms_url: str | None = None, **kwargs: Any
) -> Iterator[Central]:
    """Mail to aiosmtpd; SMS to the SMPP emulator at `sms_url` when given."""
    with smtp_server() as (inbox, port):
        cfg = config(db_url, port, code_resend_seconds=0)
        if sms_url:
            cfg = cfg.with_overrides({"sms.url": sms_url, "sms.timeout_s": 2.0})
        app = prepared_app(
            cfg,
            clock,
            load_demo_catalogue().to_dict(),
            **kwargs,
        )
        seed_demo_officials(app.state.services.engine)
        with running(app) as url, httpx.Client(base_url=url, timeout=30) as http:
            yield Central(app, url, http, inbox, clock)


def request_body(day: str, **changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "official_id": OFFICIAL,
        "date": day,
        "topic": "entrepreneurship",
        "social_status": "private_sector",
        "privilege": "none",
        "email": "aysel.m@mail.az",
        "phone": "050 111 22 33",
        "workplace": "Məlumat Hesablama Mərkəzi, mühəndis",
        "same_address": True,
        "note": "Sahibkarlıq kreditinə dair",
    }
    body.update(changes)
    return body
