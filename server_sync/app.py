"""The central booking service's composition root: `create_app`.

Routers are registered in one place (`_ROUTERS`), one per area; the sync
endpoints of a later issue add their router here. Services are built once and
reached by routes through `request.app.state.services`.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import APIRouter, FastAPI
from sqlalchemy.engine import Engine

from server_sync.api import (
    routes_accounts,
    routes_applications,
    routes_bookings,
    routes_catalogue,
    routes_health,
    routes_receptions,
)
from server_sync.api.body_limit import BodyLimit
from server_sync.api.deps import Services
from server_sync.api.errors import install_error_handlers
from server_sync.config import BookingSettings
from server_sync.kernel.checkin_window import CheckInWindow
from server_sync.kernel.clock import Clock
from server_sync.services.accounts import build_accounts
from server_sync.services.accounts.hashing import SecretHasher
from server_sync.services.accounts.notifications import Notifications
from server_sync.services.applications.files import FileStore
from server_sync.services.applications.items import ApplicationItems
from server_sync.services.applications.notices import ApplicationNotices
from server_sync.services.applications.service import Applications
from server_sync.services.booking_service import BookingService
from server_sync.services.booking_sms import BookingSms
from server_sync.services.catalogue_service import CatalogueService
from server_sync.services.code_service import CodeService
from server_sync.services.housekeeping import Housekeeping
from server_sync.services.identity import IdentityRegistry, registry_from_settings
from server_sync.services.jobs import BackgroundJobs
from server_sync.services.lookup_guard import LookupGuard
from server_sync.services.mailer import Mailer, mailer_from_settings
from server_sync.services.notify import Notices
from server_sync.services.outbox import MailOutbox
from server_sync.services.receptions import NoticeTeller, build_receptions
from server_sync.services.receptions.items import ReceptionItems
from server_sync.services.slot_service import SlotService
from server_sync.services.sms_outbox import SmsOutbox
from server_sync.services.water_debt import WaterDebtLookup, water_debt_from_settings
from server_sync.settings import CentralSettings
from server_sync.sms import SmsSender, sender_from_settings
from server_sync.store.db import create_store_engine
from server_sync.store.tables import sms_outbox
from server_sync.sync_api import router as sync_router
from server_sync.web import (
    account_pages,
    application_pages,
    captcha_routes,
    manage_pages,
    my_pages,
    office_pages,
    pages,
    reception_pages,
    session_pages,
    water_pages,
)
from server_sync.web.csrf import install_csrf_page

log = logging.getLogger("asanq.server")

DEMO_SECRET = "asanq-demo-secret-not-for-production"

_ROUTERS: tuple[APIRouter, ...] = (
    routes_health.router,
    routes_catalogue.router,
    routes_bookings.router,
    routes_accounts.router,
    routes_applications.router,
    pages.router,
    manage_pages.router,
    account_pages.router,
    session_pages.router,
    my_pages.router,
    reception_pages.router,
    office_pages.router,
    routes_receptions.router,
    application_pages.router,
    water_pages.router,
    captcha_routes.router,
    sync_router,
)


def checkin_window(booking: BookingSettings) -> CheckInWindow:
    """The central default of the check-in window (per centre and service overrides
    are in the catalogue's `booking_rules`)."""
    return CheckInWindow(booking.checkin_before_minutes, booking.checkin_grace_minutes)


def build_services(
    settings: CentralSettings,
    clock: Clock | None = None,
    mailer: Mailer | None = None,
    engine: Engine | None = None,
    registry: IdentityRegistry | None = None,
    notifications: Notifications | None = None,
    hasher: SecretHasher | None = None,
    sms_sender: SmsSender | None = None,
    application_notices: ApplicationNotices | None = None,
    water_debt: WaterDebtLookup | None = None,
) -> Services:
    """Wire the services over one engine (also used by the CLI and the benchmark).

    `registry`, `notifications`, `hasher` and `sms_sender` replace the identity
    registry of `identity.url`, the notices' code messages, argon2 and the SMS
    adapter of `sms.url` (tests)."""
    clock = clock or settings.clock()
    engine = engine or create_store_engine(settings.server.db_url, settings.server.db_pool_size)
    secret = settings.server.secret_key or DEMO_SECRET
    catalogue = CatalogueService(engine, checkin_window(settings.booking))
    slots = SlotService(engine, catalogue, settings.booking, clock)
    codes = CodeService(engine, settings.booking, secret, clock)
    outbox = MailOutbox(
        engine,
        mailer or mailer_from_settings(settings.smtp),
        catalogue,
        settings.smtp,
        settings.server,
        settings.booking,
        clock,
    )
    sms = SmsOutbox(engine, sms_outbox, None, settings.sms, clock)
    sender = sms_sender or sender_from_settings(settings.sms, on_receipt=sms.record_receipt)
    sms.use(sender)
    wake = _Wake()
    notices = Notices(sms_outbox, secret, sms_enabled=sender is not None, on_queued=wake)
    accounts = build_accounts(
        engine,
        settings.accounts,
        secret,
        clock,
        registry or registry_from_settings(settings.identity, engine, settings.demo),
        catalogue,
        notifications or notices,
        hasher,
    )
    booking_sms = BookingSms(notices, catalogue)
    housekeeping = Housekeeping(
        engine,
        settings.booking,
        clock,
        accounts.purge,
        sms=booking_sms,
        retention=settings.retention,
    )
    jobs = BackgroundJobs(outbox, housekeeping, settings.server.job_interval_s, sms)
    wake.target = jobs.wake
    applications = Applications(
        engine,
        catalogue,
        FileStore(Path(settings.applications.files_dir)),
        settings.applications,
        application_notices or notices,
        secret,
        clock,
    )
    bookings = BookingService(
        engine,
        catalogue,
        slots,
        codes,
        settings.booking,
        secret,
        clock,
        on_mail_queued=jobs.wake,
        sms=booking_sms,
        applications=applications,
    )
    receptions = build_receptions(
        engine,
        catalogue,
        accounts.account,
        secret,
        clock,
        on_queued=jobs.wake,
        teller=NoticeTeller(notices, settings.server.public_url),
    )
    accounts.items.register(ReceptionItems(receptions.requests))
    accounts.items.register(ApplicationItems(applications, catalogue))
    housekeeping.purge_applications = applications.purge_decided
    return Services(
        engine,
        clock,
        settings.server,
        settings.booking,
        settings.smtp,
        catalogue,
        slots,
        codes,
        bookings,
        outbox,
        housekeeping,
        jobs,
        accounts,
        sms,
        notices,
        receptions,
        applications,
        water_debt or water_debt_from_settings(settings.water_debt),
        LookupGuard(engine, settings.booking, secret, clock),
    )


def body_caps(settings: CentralSettings) -> dict[str, Any]:
    """The request body caps: `server.max_body_*`, and an outer bound for the
    application forms, whose reader applies the attachment limits itself."""
    server = settings.server
    overrides = dict(server.max_body_overrides)
    # The application form's own reader (`web.uploads`) refuses a declared length over
    # `applications.max_total_kb` unread and counts a streamed one, answering with the
    # form page; the middleware only keeps an outer bound there.
    overrides.setdefault("/applications/", 1024**3)
    return {"default": server.max_body_bytes, "overrides": overrides}


class _Wake:
    """Wakes the background jobs; bound once they exist (the notices come first)."""

    target: Callable[[], None] = staticmethod(lambda: None)

    def __call__(self) -> None:
        self.target()


def create_app(
    settings: CentralSettings,
    clock: Clock | None = None,
    mailer: Mailer | None = None,
    engine: Engine | None = None,
    registry: IdentityRegistry | None = None,
    notifications: Notifications | None = None,
    hasher: SecretHasher | None = None,
    sms_sender: SmsSender | None = None,
    application_notices: ApplicationNotices | None = None,
    water_debt: WaterDebtLookup | None = None,
) -> FastAPI:
    """The ASGI app. The store must already be migrated (`store.migrate.upgrade`)."""
    services = build_services(
        settings,
        clock,
        mailer,
        engine,
        registry,
        notifications,
        hasher,
        sms_sender,
        application_notices,
        water_debt,
    )

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        if settings.server.jobs:
            services.jobs.start()
        try:
            yield
        finally:
            services.jobs.stop()
            services.sms.close()
            executor.shutdown(wait=False, cancel_futures=True)

    app = FastAPI(
        title="ASAN queue — online booking",
        version="1",
        description="Book a place at an ASAN xidmət centre (seed 003).",
        lifespan=lifespan,
    )
    app.state.services = services
    executor = ThreadPoolExecutor(settings.server.db_pool_size, thread_name_prefix="asanq-db")
    app.state.executor = executor
    app.state.settings = settings
    app.add_middleware(BodyLimit, **body_caps(settings))
    install_error_handlers(app)
    install_csrf_page(app)
    session_pages.install_sign_in_redirect(app)
    for router in _ROUTERS:
        app.include_router(router)
    pages.mount_static(app)
    return app
