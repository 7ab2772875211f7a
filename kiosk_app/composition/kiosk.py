"""The kiosk's composition root: store, printer, online lookup and scanner from
settings, wired to the backend, the presenter and its window."""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from hardware.printing import TicketPrinter, open_printer, ticket_format
from kiosk_app.composition.centre import CentreContext, open_centre
from kiosk_app.services.kiosk.backend import KioskBackend, app_version
from kiosk_app.services.kiosk.exit_pin import ExitPinGuard
from kiosk_app.services.kiosk.handoff import HandoffServer, Reply, TicketRequest, socket_path
from kiosk_app.services.kiosk.ports import OnlineLookup
from kiosk_app.services.kiosk.printing import TicketPrinting
from kiosk_app.services.kiosk.types import PinVerdict
from kiosk_app.services.kiosk.water_debt import WaterDebtKiosk
from kiosk_app.settings import Settings
from server_sync.kernel.i18n import Translator
from server_sync.kernel.lockout import LockoutRule
from server_sync.ops.notify import Notifier
from server_sync.services.water_debt import water_debt_from_settings

if TYPE_CHECKING:  # the window's side is imported when a window is built
    from hardware.audio.speech import Speaker
    from kiosk_app.presenters.kiosk.accessible import Speech
    from kiosk_app.presenters.kiosk.presenter import (
        KioskBackendPort,
        KioskOptions,
        KioskPresenter,
    )
    from kiosk_app.presenters.kiosk.runner import Runner
    from kiosk_app.presenters.kiosk.water import WaterDeskPort
    from kiosk_app.ui.kiosk.app import KioskWindow

log = logging.getLogger("asanq.kiosk")


def online_lookup(settings: Settings) -> OnlineLookup | None:
    """The central service's lookup when this centre has a sync token, else None
    (imported only then: the HTTP client is not needed otherwise)."""
    if not settings.sync.token:
        return None
    from kiosk_app.services.kiosk.online_lookup import online_lookup_from_settings

    return online_lookup_from_settings(settings)


def build_backend(
    ctx: CentreContext,
    *,
    printer: TicketPrinter | None = None,
    lookup: OnlineLookup | None = None,
) -> KioskBackend:
    """The kiosk's backend from the centre context (the printer from settings unless given).

    Raises PrinterUrlError for a printer URL that cannot be used."""
    settings = ctx.settings
    printing = TicketPrinting(
        printer if printer is not None else open_printer(settings.printer),
        ticket_format(settings.printer),
        ctx.engine,
        ctx.clock,
        ctx.catalogue,
        ctx.centre_id,
        device_id=settings.centre.device_id,
        status_base_url=settings.kiosk.status_base_url,
        version=app_version(),
    )
    return KioskBackend(
        ctx.ticket_desk(settings.centre.device_id, lookup), printing, exit_pin_guard(ctx)
    )


def exit_pin_guard(ctx: CentreContext) -> ExitPinGuard | None:
    """The exit PIN, counted in the centre store, or None when no PIN is configured."""
    k = ctx.settings.kiosk
    if not k.exit_pin_hash:
        return None
    rule = LockoutRule(
        k.exit_pin_max_failures, k.exit_pin_lock_minutes, k.exit_pin_lock_max_minutes
    )
    return ExitPinGuard(ctx.engine, ctx.clock, k.exit_pin_hash, ctx.settings.centre.device_id, rule)


def apply_config(ctx: CentreContext, backend: KioskBackend) -> None:
    """A running kiosk takes the context's new catalogue and settings (hours, services,
    names, the check-in window and IT's keys) for every visitor from now on."""
    backend.desk.catalogue = ctx.catalogue
    backend.desk.dispatch = ctx.dispatch_policy()
    backend.printing.catalogue = ctx.catalogue


def follow_config(
    ctx: CentreContext,
    backend: KioskBackend,
    presenter: KioskPresenter,
    post: Callable[[Callable[[], None]], None],
    *,
    interval_s: float | None = None,
) -> None:
    """Keep a running kiosk on the store's config (IT's pushes, the agent's pulls):
    the backend at once, the presenter on the UI thread through `post`."""

    def reconfigured(c: CentreContext) -> None:
        apply_config(c, backend)
        post(partial(presenter.reconfigure, kiosk_options(c.settings)))

    ctx.watch_config("kiosk", reconfigured, interval_s=interval_s)


def kiosk_options(settings: Settings) -> KioskOptions:
    from kiosk_app.presenters.kiosk.presenter import KioskOptions

    return KioskOptions(
        idle_seconds=settings.kiosk.idle_seconds,
        language=settings.kiosk.language,
        offer_walk_in_when_late=settings.checkin.offer_walk_in_when_late,
        ask_phone=settings.turn_sms.enabled and bool(settings.sms.url.strip()),
    )


def pin_checker(backend: KioskBackendPort) -> Callable[[str], PinVerdict] | None:
    guard = backend.exit_pin if isinstance(backend, KioskBackend) else None
    return guard.check if guard is not None else None


def make_speech(settings: Settings) -> Speaker:
    """The accessible mode's voice: espeak-ng through the hall display's player port."""
    from hardware.audio import make_player
    from hardware.audio.speech import SilentSpeaker, make_speaker

    if not settings.accessible.speech:
        return SilentSpeaker()
    player = make_player(settings.display.audio_backend)
    return make_speaker(player, words_per_minute=settings.accessible.words_per_minute)


def build_water_desk(ctx: CentreContext, backend: KioskBackend) -> WaterDebtKiosk:
    """ "Su borcunu öyrən": the water agency of `water_debt.url` (empty: the demo
    subscribers), slips on the kiosk's own printer (its printer lane serialises them)."""
    settings = ctx.settings
    return WaterDebtKiosk(
        water_debt_from_settings(settings.water_debt),
        backend.printing.printer,
        settings.printer.paper_width_mm,
        backend.centre_name("az"),
        ctx.clock,
        limit_s=min(settings.water_debt.timeout_s + 1.0, 5.0),
    )


def build_window(
    backend: KioskBackendPort,
    settings: Settings,
    runner: Runner,
    *,
    locked: bool,
    speech: Speech | None = None,
    water: WaterDeskPort | None = None,
) -> tuple[KioskWindow, KioskPresenter]:
    """The presenter and its window (tests and scripts pass their own runner, and a
    speaker; without one the accessible mode shows its prompts silently)."""
    from hardware.audio.speech import SilentSpeaker
    from kiosk_app.presenters.kiosk.accessible import Narrator
    from kiosk_app.presenters.kiosk.presenter import KioskPresenter
    from kiosk_app.ui.kiosk.accessible import AccessibleLook
    from kiosk_app.ui.kiosk.app import make_window

    presenter = KioskPresenter(
        backend, runner, kiosk_options(settings), check_pin=pin_checker(backend), water=water
    )
    look = settings.accessible
    window = make_window(
        presenter,
        locked=locked,
        wedge_interval_s=settings.scanner.wedge_max_key_interval_ms / 1000,
        accessible=AccessibleLook(look.band_fraction, look.text_scale),
    )
    Narrator(presenter, speech if speech is not None else SilentSpeaker())  # lives as a listener
    return window, presenter


def run_kiosk(settings: Settings, *, windowed: bool, exit_after_first_frame: bool = False) -> int:
    """Run until staff leave with the PIN (or, windowed, the window is closed)."""
    from hardware.scanning import OrderCodeScanner
    from kiosk_app.presenters.kiosk.runner import ThreadRunner
    from kiosk_app.ui.kiosk.app import UiPoster, qt_app, run_window

    app = qt_app()
    ctx = open_centre(settings)
    backend = build_backend(ctx, lookup=online_lookup(settings))
    poster = UiPoster()
    runner = ThreadRunner(poster.post)
    speech = make_speech(settings)
    water = build_water_desk(ctx, backend)
    window, presenter = build_window(
        backend, settings, runner, locked=not windowed, speech=speech, water=water
    )
    scanner = OrderCodeScanner.from_settings(
        settings.scanner, lambda code: poster.post(partial(presenter.scanned, code))
    )
    if scanner is not None:
        scanner.start()
    notifier = _systemd_watchdog(window, presenter)
    follow_config(ctx, backend, presenter, poster.post)
    handoff = ticket_handoff(ctx, backend)
    try:
        run_window(app, window, windowed=windowed, exit_after_first_frame=exit_after_first_frame)
    finally:
        if handoff is not None:
            handoff.close()
        if scanner is not None:
            scanner.stop()
        runner.stop()
        speech.close()
        water.close()
        backend.printing.printer.close()
        ctx.close()
        notifier.close()
    return 0


def ticket_handoff(ctx: CentreContext, backend: KioskBackend) -> HandoffServer | None:
    """Take `asan-queue ticket` requests on `kiosk.ticket_socket` and answer each on
    this kiosk's store and printer (None: off, or another kiosk already listens)."""
    from kiosk_app.presenters.kiosk.headless import ticket_reply
    from kiosk_app.services.kiosk.self_test import self_test_reply

    path = socket_path(ctx.settings.kiosk.ticket_socket, ctx.settings.db.url)
    if path is None:
        return None

    def answer(request: TicketRequest) -> Reply:
        settings = ctx.settings  # IT's pushes and the agent's pulls land here
        tr = Translator(request.language or settings.kiosk.language)
        if request.test_page:
            printing = backend.printing
            return self_test_reply(
                printing.printer, printing.format, settings, tr, now=ctx.clock.now()
            )
        walk_in_when_late = settings.checkin.offer_walk_in_when_late
        return ticket_reply(backend, tr, request, offer_walk_in_when_late=walk_in_when_late)

    server = HandoffServer(path, answer)
    return server if server.start() else None


def _systemd_watchdog(window: KioskWindow, presenter: KioskPresenter) -> Notifier:
    """READY=1 after the first frame; WATCHDOG=1 while the UI thread runs and the store
    answers (a no-op outside a systemd unit)."""
    from kiosk_app.presenters.kiosk.health import healthy
    from kiosk_app.ui.kiosk.watchdog import attach_watchdog

    notifier = Notifier.from_env()
    if notifier.enabled:
        attach_watchdog(
            window,
            healthy=partial(healthy, presenter),
            ready=lambda: notifier.ready("showing the home screen"),
            ping=notifier.watchdog,
            interval_s=notifier.ping_interval_s,
        )
    return notifier
