"""Things every route needs: the services, the request's language, the client."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import Request
from sqlalchemy.engine import Engine

from server_sync.config import BookingSettings, ServerSettings, SmtpSettings
from server_sync.kernel.clock import Clock
from server_sync.kernel.i18n import pick_language
from server_sync.services.accounts import AccountServices
from server_sync.services.applications.service import Applications
from server_sync.services.booking_service import BookingService
from server_sync.services.catalogue_service import CatalogueService
from server_sync.services.code_service import CodeService
from server_sync.services.housekeeping import Housekeeping
from server_sync.services.jobs import BackgroundJobs
from server_sync.services.lookup_guard import LookupGuard
from server_sync.services.notify import Notices
from server_sync.services.outbox import MailOutbox
from server_sync.services.receptions import ReceptionServices
from server_sync.services.slot_service import SlotService
from server_sync.services.sms_outbox import SmsOutbox
from server_sync.services.water_debt import WaterDebtLookup


@dataclass
class Services:
    """Everything the routes call, built once by `create_app`."""

    engine: Engine
    clock: Clock
    server: ServerSettings
    booking: BookingSettings
    smtp: SmtpSettings
    catalogue: CatalogueService
    slots: SlotService
    codes: CodeService
    bookings: BookingService
    outbox: MailOutbox
    housekeeping: Housekeeping
    jobs: BackgroundJobs
    accounts: AccountServices
    sms: SmsOutbox
    notices: Notices
    receptions: ReceptionServices
    applications: Applications
    water_debt: WaterDebtLookup
    lookups: LookupGuard


def get_services(request: Request) -> Services:
    services: Services = request.app.state.services
    return services


def request_language(request: Request, chosen: str | None = None, header: bool = True) -> str:
    """The body's or query's choice, then the `lang` cookie, then (API only)
    Accept-Language; Azerbaijani otherwise. Pages pass `header=False`: they are
    Azerbaijani by default whatever the browser's language, with a visible switch."""
    return pick_language(
        chosen,
        request.query_params.get("lang"),
        request.cookies.get("lang"),
        request.headers.get("accept-language") if header else None,
    )


def client_address(request: Request, trusted_proxies: list[str]) -> str:
    """The client's IP; behind a trusted proxy, the last hop it reports."""
    peer = request.client.host if request.client else "unknown"
    forwarded = request.headers.get("x-forwarded-for")
    if forwarded and peer in trusted_proxies:
        return forwarded.split(",")[-1].strip()[:64] or peer
    return peer
