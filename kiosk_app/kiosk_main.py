"""The kiosk's composition root: store, printer, online lookup and scanner from
settings, wired to the presenter and its window."""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import partial

from hardware.scanning import OrderCodeScanner
from kiosk_app.bootstrap import open_centre
from kiosk_app.presenters.kiosk import KioskBackendPort, KioskOptions, KioskPresenter
from kiosk_app.presenters.kiosk_runner import Runner, ThreadRunner
from kiosk_app.services.kiosk_backend import build_backend, online_lookup
from kiosk_app.services.kiosk_pin import verify_pin
from kiosk_app.settings import Settings
from kiosk_app.ui.kiosk.app import KioskWindow, UiPoster, make_window, qt_app, run_window

log = logging.getLogger("asanq.kiosk")


def kiosk_options(settings: Settings) -> KioskOptions:
    return KioskOptions(
        idle_seconds=settings.kiosk.idle_seconds,
        language=settings.kiosk.language,
        before_minutes=settings.checkin.before_minutes,
        offer_walk_in_when_late=settings.checkin.offer_walk_in_when_late,
    )


def pin_checker(settings: Settings) -> Callable[[str], bool] | None:
    pin_hash = settings.kiosk.exit_pin_hash
    return partial(verify_pin, pin_hash) if pin_hash else None


def build_window(
    backend: KioskBackendPort, settings: Settings, runner: Runner, *, locked: bool
) -> tuple[KioskWindow, KioskPresenter]:
    """The presenter and its window (tests and scripts pass their own runner)."""
    presenter = KioskPresenter(
        backend, runner, kiosk_options(settings), check_pin=pin_checker(settings)
    )
    window = make_window(
        presenter,
        locked=locked,
        wedge_interval_s=settings.scanner.wedge_max_key_interval_ms / 1000,
    )
    return window, presenter


def run_kiosk(settings: Settings, *, windowed: bool, exit_after_first_frame: bool = False) -> int:
    """Run until staff leave with the PIN (or, windowed, the window is closed)."""
    app = qt_app()
    ctx = open_centre(settings)
    backend = build_backend(ctx, lookup=online_lookup(settings))
    poster = UiPoster()
    runner = ThreadRunner(poster.post)
    window, presenter = build_window(backend, settings, runner, locked=not windowed)
    scanner = OrderCodeScanner.from_settings(
        settings.scanner, lambda code: poster.post(partial(presenter.scanned, code))
    )
    if scanner is not None:
        scanner.start()
    try:
        run_window(app, window, windowed=windowed, exit_after_first_frame=exit_after_first_frame)
    finally:
        if scanner is not None:
            scanner.stop()
        runner.stop()
        backend.printing.printer.close()
        ctx.close()
    return 0
