"""A kiosk window on a real store (test catalogue, always open), Monday 10:00,
with one booking for each check-in outcome."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from hardware.printing import FakeTicketPrinter, TicketPrinter
from kiosk_app.composition.centre import CentreContext
from kiosk_app.composition.kiosk import build_backend, build_window
from kiosk_app.presenters.kiosk.accessible import Speech
from kiosk_app.presenters.kiosk.presenter import KioskPresenter
from kiosk_app.presenters.kiosk.runner import InlineRunner, Runner
from kiosk_app.services.kiosk.backend import KioskBackend
from kiosk_app.services.kiosk.pin import hash_pin
from kiosk_app.settings import Settings
from kiosk_app.store import make_engine
from kiosk_app.ui.kiosk.window import KioskWindow
from server_sync.kernel.booking import BookingStatus
from server_sync.kernel.catalogue import Catalogue
from server_sync.kernel.clock import FixedClock
from tests.factories import booking, migrated_store
from tests.integration.kiosk.conftest import add_bookings, always_open

PIN = "4826"
_PIN_HASH = hash_pin(PIN)

OUTCOMES = {
    "ok": {},
    "wrong_centre": {"centre": "gence"},
    "wrong_day": {"day": date(2026, 11, 25)},
    "too_early": {"at": time(11, 30)},
    "too_late": {"at": time(9, 30)},
    "used": {"status": BookingStatus.CHECKED_IN},
    "cancelled": {"status": BookingStatus.CANCELLED},
}


@dataclass
class Kiosk:
    window: KioskWindow
    p: KioskPresenter
    backend: KioskBackend
    codes: dict[str, str]
    clock: FixedClock
    printer: TicketPrinter
    time: list[float] = field(default_factory=lambda: [1000.0])

    def advance(self, seconds: float) -> None:
        self.time[0] += seconds


def tap(qtbot: QtBot, widget: QWidget) -> None:
    assert widget.isVisible(), f"{widget.objectName()} is not visible"
    assert widget.isEnabled(), f"{widget.objectName()} is disabled"
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


@pytest.fixture
def store_url(tmp_path: Path) -> str:
    return migrated_store(f"sqlite:///{tmp_path / 'centre.db'}", always_open())


def open_kiosk(
    qtbot: QtBot,
    url: str,
    clock: FixedClock,
    *,
    printer: TicketPrinter | None = None,
    runner: Runner | None = None,
    size: tuple[int, int] = (1920, 1080),
    speech: Speech | None = None,
    overrides: dict[str, object] | None = None,
    catalogue: Catalogue | None = None,
) -> Kiosk:
    """The kiosk over the store at `url`; `catalogue` is the one that store holds (the
    test catalogue, always open, unless a test loaded another)."""
    settings = Settings().with_overrides(
        {
            "db.url": url,
            "kiosk.exit_pin_hash": _PIN_HASH,
            "kiosk.idle_seconds": 45,
            # a loaded test machine must not make the test keystrokes look like a person
            "scanner.wedge_max_key_interval_ms": 500,
            **(overrides or {}),
        }
    )
    engine = make_engine(url)
    ctx = CentreContext(settings, engine, clock, catalogue or always_open())
    bookings = {name: booking(**spec) for name, spec in OUTCOMES.items()}  # type: ignore[arg-type]
    add_bookings(engine, *bookings.values(), now=clock.now())
    printer = printer or FakeTicketPrinter()
    backend = build_backend(ctx, printer=printer)
    window, presenter = build_window(
        backend, settings, runner or InlineRunner(), locked=True, speech=speech
    )
    kiosk = Kiosk(
        window, presenter, backend, {n: b.order_code for n, b in bookings.items()}, clock, printer
    )
    presenter.monotonic = lambda: kiosk.time[0]
    presenter.touched()
    qtbot.addWidget(window)
    window.resize(*size)
    window.show()
    qtbot.waitExposed(window)
    return kiosk


@pytest.fixture
def kiosk(qtbot: QtBot, store_url: str, clock: FixedClock) -> Iterator[Kiosk]:
    k = open_kiosk(qtbot, store_url, clock)
    yield k
    k.p.quit_requested = True
    k.window.close()
    k.backend.desk.engine.dispose()
    QApplication.processEvents()
