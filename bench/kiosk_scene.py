"""A kiosk on a throw-away centre store, for the screenshot and benchmark scripts.

The shipped ASAN catalogue, a Monday 10:00 in Baku, and one booking for each
check-in outcome (accepted, wrong centre, wrong day, too early, too late,
used, cancelled), so every screen can be reached through the real backend.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from pathlib import Path

from hardware.printing import FakeTicketPrinter, TicketPrinter
from kiosk_app.composition.centre import CentreContext, open_centre
from kiosk_app.composition.kiosk import build_backend
from kiosk_app.services.kiosk.backend import KioskBackend
from kiosk_app.settings import Settings
from kiosk_app.store import booking_repo, make_engine, upgrade, write_tx
from kiosk_app.store.catalogue_repo import replace_catalogue
from server_sync.catalogue_data import load_demo_catalogue
from server_sync.kernel.booking import Applicant, Booking, BookingStatus, Slot
from server_sync.kernel.catalogue import Catalogue
from server_sync.kernel.clock import BAKU, FixedClock
from server_sync.kernel.order_codes import generate_order_code

MONDAY_10 = datetime(2026, 11, 23, 10, 0, tzinfo=BAKU)
CENTRE = "baku-1"
PERSON = Applicant("Aysel", "Məmmədova", "Vaqif", "AZE12345678", "+994501234567", "a@mail.az")


@dataclass
class Scene:
    settings: Settings
    ctx: CentreContext
    backend: KioskBackend
    clock: FixedClock
    printer: TicketPrinter
    codes: dict[str, str]

    def close(self) -> None:
        self.ctx.close()

    def fresh_code(self, name: str = "ok") -> str:
        """A new booking like `name`'s, never checked in: each screenshot of a booked
        ticket needs its own (a code checks in once)."""
        with write_tx(self.ctx.engine) as conn:
            old = booking_repo.get_booking(conn, self.codes[name])
            assert old is not None
            new = replace(old, order_code=generate_order_code())
            booking_repo.upsert_bookings(conn, [new], self.clock.now())
        return new.order_code


def prepare_store(folder: Path, catalogue: Catalogue | None = None) -> str:
    url = f"sqlite:///{folder / 'centre.db'}"
    upgrade(url)
    engine = make_engine(url)
    with write_tx(engine) as conn:
        replace_catalogue(conn, catalogue or load_demo_catalogue())
    engine.dispose()
    return url


def booking(
    code: str,
    service: str,
    *,
    centre: str = CENTRE,
    day: date | None = None,
    at: time = time(10, 15),
    status: BookingStatus = BookingStatus.BOOKED,
) -> Booking:
    return Booking(
        code,
        Slot(centre, service, day or MONDAY_10.date(), at),
        PERSON,
        status,
        MONDAY_10 - timedelta(days=3),
    )


def outcome_bookings(catalogue: Catalogue) -> dict[str, Booking]:
    """One booking per check-in outcome, at 10:00 on the scene's Monday."""
    here = catalogue.centres[CENTRE]
    service = sorted(s for s in here.service_ids if catalogue.services[s].bookable_online)[0]
    other = next(c.id for c in catalogue.centres.values() if c.id != CENTRE)
    tomorrow = MONDAY_10.date() + timedelta(days=1)
    specs = {
        "ok": {},
        "ok2": {"at": time(10, 30)},
        "wrong_centre": {"centre": other},
        "wrong_day": {"day": tomorrow},
        "too_early": {"at": time(11, 30)},
        "too_late": {"at": time(9, 30)},
        "used": {"status": BookingStatus.CHECKED_IN},
        "cancelled": {"status": BookingStatus.CANCELLED},
    }
    result = {}
    for name, spec in specs.items():
        centre = str(spec.get("centre", CENTRE))
        svc = service if centre == CENTRE else sorted(catalogue.centres[centre].service_ids)[0]
        b = booking(generate_order_code(), svc, centre=centre)
        b = replace(
            b,
            slot=replace(
                b.slot,
                day=spec.get("day", b.slot.day),  # type: ignore[arg-type]
                start=spec.get("at", b.slot.start),
            ),  # type: ignore[arg-type]
            status=spec.get("status", b.status),
        )  # type: ignore[arg-type]
        result[name] = b
    return result


def make_scene(
    folder: Path,
    *,
    printer: TicketPrinter | None = None,
    settings: Settings | None = None,
    at: datetime = MONDAY_10,
) -> Scene:
    url = prepare_store(folder)
    base = settings or Settings()
    settings = base.with_overrides({"db.url": url, "centre.id": CENTRE})
    clock = FixedClock(at)
    ctx = open_centre(settings, clock)
    bookings = outcome_bookings(ctx.catalogue)
    with write_tx(ctx.engine) as conn:
        booking_repo.upsert_bookings(conn, bookings.values(), clock.now())
    printer = printer or FakeTicketPrinter()
    backend = build_backend(ctx, printer=printer)
    codes = {name: b.order_code for name, b in bookings.items()}
    return Scene(settings, ctx, backend, clock, printer, codes)
