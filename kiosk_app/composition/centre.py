"""What every centre process starts from: settings, the store, the clock, the catalogue.

Each process kind's composition root (`kiosk`, `staff`, `display`, `sync_agent`,
`oneshot`) opens a `CentreContext` and builds its front-end on it; tests build one
with fakes (a FixedClock, a fake printer).
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from kiosk_app.domain.dispatch import DispatchPolicy
from kiosk_app.services.kiosk.code_guesses import CodeGuesses
from kiosk_app.services.kiosk.ports import OnlineLookup
from kiosk_app.services.kiosk.ticket_desk import TicketDesk
from kiosk_app.services.live_config import (
    ConfigWatch,
    LiveConfig,
    read_live_config,
    with_overrides,
)
from kiosk_app.services.turn_notices import TurnNotices
from kiosk_app.settings import Settings
from kiosk_app.store.engine import StoreError, describe_db_error, read_tx
from kiosk_app.store.open_store import open_store
from server_sync.kernel.catalogue import Catalogue
from server_sync.kernel.clock import Clock
from server_sync.kernel.settings_model import evolve

log = logging.getLogger("asanq.config")


@dataclass
class CentreContext:
    """What every program at a centre shares: settings, store, clock, catalogue."""

    settings: Settings
    engine: Engine
    clock: Clock
    catalogue: Catalogue
    # the settings of this node's own file; `settings` = these + IT's pushed keys
    local_settings: Settings | None = None
    generation: int | None = None
    _watches: list[tuple[ConfigWatch, threading.Event, threading.Thread]] = field(
        default_factory=list
    )

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
            turn_notices=self.turn_notices(),
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

    def turn_notices(self) -> TurnNotices:
        """ "Your turn is near": on when `turn_sms.enabled` and `sms.url` is set."""
        t = self.settings.turn_sms
        return TurnNotices(
            self.catalogue,
            self.centre_id,
            self.settings.server.secret_key or CENTRE_SMS_SECRET,
            ahead=t.ahead,
            valid_minutes=t.valid_minutes,
            enabled=t.enabled and bool(self.settings.sms.url.strip()),
        )

    def reload_catalogue(self) -> None:
        """Read the catalogue and IT's settings again now (the watch does this by itself)."""
        with read_tx(self.engine) as conn:
            self.use(read_live_config(conn))

    def use(self, config: LiveConfig) -> None:
        """Run on `config`: its catalogue, and the local settings with IT's keys."""
        base = self.local_settings or self.settings
        self.local_settings = base
        sections = {name: getattr(base, name) for name in config.settings if hasattr(base, name)}
        self.settings = evolve(base, with_overrides(sections, config.settings))
        if self.centre_id in config.catalogue.centres:
            self.catalogue = config.catalogue
        else:
            log.error("catalogue without centre %s ignored", self.centre_id)
        self.generation = config.generation

    def watch_config(
        self,
        kind: str,
        applied: Callable[[CentreContext], None],
        *,
        interval_s: float | None = None,
    ) -> ConfigWatch:
        """Follow the store's config on a daemon thread until `close()`: each change is
        taken into this context, then `applied(self)` updates the process's objects
        (it runs on the watch thread: post to the UI thread from there if needed)."""

        def changed(config: LiveConfig) -> None:
            if config.generation == self.generation:
                return  # what this context opened with
            self.use(config)
            applied(self)

        watch = ConfigWatch(self.engine, self.clock, kind, self.settings.centre.device_id, changed)
        every = interval_s or self.settings.centre.config_check_seconds
        stop = threading.Event()

        def loop() -> None:
            while True:
                try:
                    watch.check()
                except (StoreError, OSError, SQLAlchemyError) as exc:
                    log.warning("%s: config not checked (%s)", kind, str(exc).splitlines()[0])
                if stop.wait(every):
                    return

        thread = threading.Thread(target=loop, name=f"config-{kind}", daemon=True)
        self._watches.append((watch, stop, thread))
        thread.start()
        return watch

    def close(self) -> None:
        for watch, stop, thread in self._watches:
            stop.set()
            thread.join(timeout=5)
            with contextlib.suppress(StoreError, OSError, SQLAlchemyError):
                watch.forget()
        self._watches.clear()
        self.engine.dispose()


#: The key of the phone hashes kept for the per-phone limit when no server secret is set.
CENTRE_SMS_SECRET = "asanq-centre-sms"


def open_centre(settings: Settings, clock: Clock | None = None) -> CentreContext:
    """Open the centre store named in settings and check this centre is in it."""
    engine = open_store(settings.db.url, quick_check=settings.db.check_on_open)
    try:
        with read_tx(engine) as conn:
            config = read_live_config(conn)
    except SQLAlchemyError as exc:  # a damaged page the quick check did not reach
        engine.dispose()
        raise StoreError(describe_db_error(settings.db.url, exc)) from None
    catalogue = config.catalogue
    if settings.centre.id not in catalogue.centres:
        engine.dispose()
        known = ", ".join(sorted(catalogue.centres)) or "none: run `asan-queue db seed-demo`"
        raise StoreError(f"centre {settings.centre.id!r} is not in the store's catalogue ({known})")
    ctx = CentreContext(settings, engine, clock or settings.clock(), catalogue)
    ctx.use(config)
    return ctx
