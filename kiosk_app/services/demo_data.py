"""Demo data for a centre: the shipped catalogue, a day of realistic bookings, and
order codes a newcomer can check in whenever the demo is run."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import Engine

from kiosk_app.services.live_config import CONFIG_CURSOR_KEY
from kiosk_app.services.sync_store import CATALOGUE_CURSOR_KEY
from kiosk_app.store import booking_repo
from kiosk_app.store.catalogue_repo import get_meta, load_catalogue, replace_catalogue
from kiosk_app.store.engine import write_tx
from server_sync.kernel.booking import Applicant, Booking, BookingStatus, Slot
from server_sync.kernel.catalogue import Catalogue
from server_sync.kernel.checkin_window import WindowPosition
from server_sync.kernel.order_codes import generate_order_code

FIRST = [
    "Aysel",
    "Rəşad",
    "Günay",
    "Elçin",
    "Nərmin",
    "Tural",
    "Ülviyyə",
    "İlkin",
    "Səbinə",
    "Orxan",
    "Könül",
    "Fərid",
    "Şəbnəm",
    "Çingiz",
    "Gülnar",
    "Murad",
    "Ləman",
    "Əli",
]
LAST = [
    "Məmmədov",
    "Əliyeva",
    "Hüseynov",
    "Quliyeva",
    "İsmayılov",
    "Həsənova",
    "Cəfərov",
    "Rüstəmova",
    "Şükürov",
    "Bağırova",
    "Nəsirov",
    "Qasımova",
    "Abdullayev",
    "Kərimova",
]
FATHER = ["Vaqif", "Elşən", "Rauf", "İlham", "Şahin", "Çingiz", "Tofiq", "Zaur", "Ağa", "Nizami"]


@dataclass(frozen=True)
class DemoBooking:
    code: str
    service_id: str
    day: date
    start: time


@dataclass(frozen=True)
class DemoSeed:
    """What `seed_demo` did: which bookings it added, whether it kept the store's
    catalogue, and the order codes a visitor can check in now."""

    added: list[Booking]
    catalogue_kept: bool
    ready: list[DemoBooking]


WALK_UP_CODES = 5  # codes printed for a newcomer, with slots in the check-in window now


def _applicant(rng: random.Random, i: int) -> Applicant:
    first, last = rng.choice(FIRST), rng.choice(LAST)
    return Applicant(
        first_name=first,
        last_name=last,
        father_name=rng.choice(FATHER),
        id_document=f"AZE{rng.randrange(10**7, 10**8)}",
        phone=f"+99450{rng.randrange(10**6, 10**7)}",
        email=f"{_ascii(first)}.{_ascii(last)}{i}@mail.az",
    )


def _bookable(catalogue: Catalogue, centre_id: str) -> list[str]:
    centre = catalogue.centres[centre_id]
    return sorted(s for s in centre.service_ids if catalogue.services[s].bookable_online)


def make_bookings(
    catalogue: Catalogue,
    centre_id: str,
    day: date,
    count: int,
    *,
    created_at: datetime,
    seed: int | None = None,
    start_hour: int = 9,
    end_hour: int = 19,
) -> list[Booking]:
    """`count` bookings at `centre_id` on `day`, every 10 minutes across the day."""
    rng = random.Random(seed)
    bookable = _bookable(catalogue, centre_id)
    bookings = []
    for i in range(count):
        minutes = start_hour * 60 + (i * 10) % ((end_hour - start_hour) * 60)
        applicant = _applicant(rng, i)
        slot = Slot(centre_id, rng.choice(bookable), day, time(minutes // 60, minutes % 60))
        bookings.append(
            Booking(
                generate_order_code(),
                slot,
                applicant,
                BookingStatus.BOOKED,
                created_at,
                rng.choice(["az", "az", "az", "ru", "en"]),
            )
        )
    return bookings


def _usable_now(catalogue: Catalogue, booking: Booking, now: datetime) -> bool:
    slot = datetime.combine(booking.slot.day, booking.slot.start, tzinfo=now.tzinfo)
    window = catalogue.checkin_window(booking.slot.centre_id, booking.slot.service_id)
    return (
        booking.status in BookingStatus.checkable_in()
        and window.position(now, slot) is WindowPosition.OPEN
    )


def walk_up_bookings(
    catalogue: Catalogue,
    centre_id: str,
    now: datetime,
    count: int,
    *,
    created_at: datetime,
    start: int = 0,
) -> list[Booking]:
    """`count` bookings today whose slots are a few minutes ahead, inside the check-in
    window now (never past 23:59: a slot tomorrow would be "wrong day" today)."""
    rng = random.Random(now.toordinal() * 1440 + now.hour * 60 + now.minute)
    bookable = _bookable(catalogue, centre_id)
    first = now.replace(second=0, microsecond=0) + timedelta(minutes=1)
    last_of_day = now.replace(hour=23, minute=59, second=0, microsecond=0)
    made = []
    for i in range(count):
        service = bookable[(start + i) % len(bookable)]
        before = catalogue.checkin_window(centre_id, service).before_minutes
        at = min(first + timedelta(minutes=5 * i), first + timedelta(minutes=max(before - 1, 0)))
        at = min(at, last_of_day)
        made.append(
            Booking(
                generate_order_code(),
                Slot(centre_id, service, now.date(), at.time()),
                _applicant(rng, 900 + start + i),
                BookingStatus.BOOKED,
                created_at,
                "az",
            )
        )
    return [b for b in made if _usable_now(catalogue, b, now)]


def seed_demo(
    engine: Engine, catalogue: Catalogue, centre_id: str, now: datetime, per_day: int = 60
) -> DemoSeed:
    """Make the centre store ready for a demo now, as often as it is run.

    The catalogue goes in only when the store has none (a re-run never undoes an IT
    push); a day of `per_day` bookings for today and tomorrow only where that day has
    none; and enough codes to check in now (slots in the window), reusing those a
    previous run made when they are still usable."""
    created = now - timedelta(days=2)
    added: list[Booking] = []
    with write_tx(engine) as conn:
        held = load_catalogue(conn)
        # a catalogue from the central service or an IT push is theirs to change
        kept = centre_id in held.centres and (
            int(get_meta(conn, CONFIG_CURSOR_KEY) or 0) > 0
            or int(get_meta(conn, CATALOGUE_CURSOR_KEY) or 0) > 0
        )
        if kept:
            catalogue = held
        else:
            replace_catalogue(conn, catalogue)
        for offset in (0, 1):
            day = now.date() + timedelta(days=offset)
            if not booking_repo.bookings_on(conn, centre_id, day):
                added += make_bookings(
                    catalogue, centre_id, day, per_day, created_at=created, seed=offset
                )
        booking_repo.upsert_bookings(conn, added, now)
        today = booking_repo.bookings_on(conn, centre_id, now.date())
        ready = [b for b in today if _usable_now(catalogue, b, now)]
        if len(ready) < WALK_UP_CODES:
            fresh = walk_up_bookings(
                catalogue,
                centre_id,
                now,
                WALK_UP_CODES - len(ready),
                created_at=created,
                start=len(ready),
            )
            booking_repo.upsert_bookings(conn, fresh, now)
            added += fresh
            ready += fresh
    ready.sort(key=lambda b: (b.slot.start, b.order_code))
    return DemoSeed(
        added,
        kept,
        [
            DemoBooking(b.order_code, b.slot.service_id, b.slot.day, b.slot.start)
            for b in ready[:WALK_UP_CODES]
        ],
    )


def _ascii(name: str) -> str:
    table = str.maketrans("əğıİöüşçƏĞÖÜŞÇ", "egiIousceGOUSC")
    return name.translate(table).lower()
