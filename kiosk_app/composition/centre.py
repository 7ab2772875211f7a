"""What every centre process starts from: settings, the store, the clock, the catalogue.

Each process kind's composition root (`kiosk`, `staff`, `display`, `sync_agent`,
`oneshot`) opens a `CentreContext` and builds its front-end on it; tests build one
with fakes (a FixedClock, a fake printer).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine

from kiosk_app.domain.dispatch import DispatchPolicy
from kiosk_app.services.kiosk.code_guesses import CodeGuesses
from kiosk_app.services.kiosk.ports import OnlineLookup
from kiosk_app.services.kiosk.ticket_desk import TicketDesk
from kiosk_app.settings import Settings
from kiosk_app.store.catalogue_repo import load_catalogue
from kiosk_app.store.engine import StoreError, read_tx
from kiosk_app.store.open_store import open_store
from server_sync.kernel.catalogue import Catalogue
from server_sync.kernel.clock import Clock, SystemClock


@dataclass
class CentreContext:
    """What every program at a centre shares: settings, store, clock, catalogue."""

    settings: Settings
    engine: Engine
    clock: Clock
    catalogue: Catalogue

    @property
    def centre_id(self) -> str:
        return self.settings.centre.id

    def dispatch_policy(self) -> DispatchPolicy:
        d = self.settings.dispatch
        return DispatchPolicy(
            booked_credit_minutes=d.booked_credit_minutes,
            priority_credit_minutes=d.priority_credit_minutes,
        )

    def ticket_desk(
        self, device_id: str | None = None, lookup: OnlineLookup | None = None
    ) -> TicketDesk:
        return TicketDesk(
            self.engine,
            self.clock,
            self.catalogue,
            self.centre_id,
            device_id=device_id or self.settings.centre.device_id,
            dispatch=self.dispatch_policy(),
            lookup=lookup,
            guesses=self.code_guesses(device_id),
        )

    def code_guesses(self, device_id: str | None = None) -> CodeGuesses:
        k = self.settings.kiosk
        return CodeGuesses(
            self.engine,
            self.clock,
            device_id or self.settings.centre.device_id,
            k.unknown_codes_limit,
            k.unknown_codes_minutes,
            k.guessing_alert_minutes,
        )

    def reload_catalogue(self) -> None:
        with read_tx(self.engine) as conn:
            self.catalogue = load_catalogue(conn)

    def close(self) -> None:
        self.engine.dispose()


def open_centre(settings: Settings, clock: Clock | None = None) -> CentreContext:
    """Open the centre store named in settings and check this centre is in it."""
    engine = open_store(settings.db.url)
    with read_tx(engine) as conn:
        catalogue = load_catalogue(conn)
    if settings.centre.id not in catalogue.centres:
        engine.dispose()
        known = ", ".join(sorted(catalogue.centres)) or "none: run `asan-queue db seed-demo`"
        raise StoreError(f"centre {settings.centre.id!r} is not in the store's catalogue ({known})")
    return CentreContext(settings, engine, clock or SystemClock(), catalogue)
