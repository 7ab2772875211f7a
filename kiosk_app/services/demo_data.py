"""Demo data for a centre: the shipped catalogue and a day of realistic bookings."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import Engine

from kiosk_app.store import booking_repo
from kiosk_app.store.catalogue_repo import replace_catalogue
from kiosk_app.store.engine import write_tx
from server_sync.kernel.booking import Applicant, Booking, BookingStatus, Slot
from server_sync.kernel.catalogue import Catalogue
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
    centre = catalogue.centres[centre_id]
    bookable = sorted(s for s in centre.service_ids if catalogue.services[s].bookable_online)
    bookings = []
    for i in range(count):
        minutes = start_hour * 60 + (i * 10) % ((end_hour - start_hour) * 60)
        first, last = rng.choice(FIRST), rng.choice(LAST)
        applicant = Applicant(
            first_name=first,
            last_name=last,
            father_name=rng.choice(FATHER),
            id_document=f"AZE{rng.randrange(10**7, 10**8)}",
            phone=f"+99450{rng.randrange(10**6, 10**7)}",
            email=f"{_ascii(first)}.{_ascii(last)}{i}@mail.az",
        )
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


def seed_demo(
    engine: Engine, catalogue: Catalogue, centre_id: str, now: datetime, per_day: int = 60
) -> list[DemoBooking]:
    """Store the catalogue and bookings for today and tomorrow at `centre_id`."""
    created = now - timedelta(days=2)
    all_bookings: list[Booking] = []
    for offset in (0, 1):
        all_bookings += make_bookings(
            catalogue,
            centre_id,
            now.date() + timedelta(days=offset),
            per_day,
            created_at=created,
            seed=offset,
        )
    with write_tx(engine) as conn:
        replace_catalogue(conn, catalogue)
        booking_repo.upsert_bookings(conn, all_bookings, now)
    return [
        DemoBooking(b.order_code, b.slot.service_id, b.slot.day, b.slot.start) for b in all_bookings
    ]


def _ascii(name: str) -> str:
    table = str.maketrans("əğıİöüşçƏĞÖÜŞÇ", "egiIousceGOUSC")
    return name.translate(table).lower()
