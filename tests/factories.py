"""Small, readable test data shared by the test-suite (not the demo catalogue)."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from server_sync.kernel.booking import Applicant, Booking, BookingStatus, Slot
from server_sync.kernel.catalogue import Catalogue
from server_sync.kernel.clock import BAKU
from server_sync.kernel.order_codes import generate_order_code

WEEK = {d: [["09:00", "19:00"]] for d in ("mon", "tue", "wed", "thu", "fri", "sat")}


def catalogue_dict() -> dict[str, Any]:
    return {
        "version": 3,
        "agencies": [
            {
                "id": "dmx",
                "name": {
                    "az": "Dövlət Miqrasiya Xidməti",
                    "ru": "ГМС",
                    "en": "State Migration Service",
                },
            },
            {
                "id": "azersu",
                "name": {"az": '"Azərsu" ASC', "ru": "ОАО «Азерсу»", "en": "Azersu OJSC"},
            },
        ],
        "services": [
            {
                "id": "passport",
                "agency": "dmx",
                "name": {
                    "az": "Pasportun verilməsi",
                    "ru": "Выдача паспорта",
                    "en": "Passport issue",
                },
                "group": "A",
                "average_minutes": 10,
                "bookable_online": True,
                "walk_in": True,
            },
            {
                "id": "residence",
                "agency": "dmx",
                "name": {
                    "az": "Yaşamaq icazəsi",
                    "ru": "Вид на жительство",
                    "en": "Residence permit",
                },
                "group": "A",
                "average_minutes": 20,
                "bookable_online": True,
                "walk_in": False,
            },
            {
                "id": "water",
                "agency": "azersu",
                "name": {
                    "az": "Su təchizatı müraciəti",
                    "ru": "Заявка на водоснабжение",
                    "en": "Water supply application",
                },
                "group": "H",
                "average_minutes": 8,
                "bookable_online": False,
                "walk_in": True,
            },
        ],
        "centres": [
            {
                "id": "baku-1",
                "name": {
                    "az": 'Bakı 1 nömrəli "ASAN xidmət" mərkəzi',
                    "ru": "Центр №1",
                    "en": "ASAN centre No. 1",
                },
                "address": {
                    "az": "Bakı, Yasamal r., Həsən bəy Zərdabi pr. 74",
                    "ru": "Баку",
                    "en": "Baku",
                },
                "timezone": "Asia/Baku",
                "hours": {**WEEK, "sun": []},
                "holidays": ["2026-12-31"],
                "services": ["passport", "residence", "water"],
                "counters": [
                    {"number": 1, "services": ["passport", "residence"]},
                    {"number": 2, "services": ["passport"]},
                    {"number": 3, "services": ["water"]},
                ],
            },
            {
                "id": "gence",
                "name": {"az": 'Gəncə "ASAN xidmət" mərkəzi', "ru": "Гянджа", "en": "Ganja"},
                "address": {"az": "Gəncə", "ru": "Гянджа", "en": "Ganja"},
                "timezone": "Asia/Baku",
                "hours": {
                    d: [["09:00", "13:00"], ["14:00", "18:00"]]
                    for d in ("mon", "tue", "wed", "thu", "fri")
                },
                "holidays": [],
                "services": ["passport"],
                "counters": [{"number": 1, "services": ["passport"]}],
            },
        ],
    }


def catalogue() -> Catalogue:
    return Catalogue.from_dict(catalogue_dict())


APPLICANT = Applicant(
    "Aysel", "Məmmədova", "Vaqif", "AZE12345678", "+994501234567", "aysel@mail.az"
)


def booking(
    *,
    centre: str = "baku-1",
    service: str = "passport",
    day: date = date(2026, 11, 23),
    at: time = time(10, 15),
    status: BookingStatus = BookingStatus.BOOKED,
    code: str | None = None,
) -> Booking:
    return Booking(
        code or generate_order_code(),
        Slot(centre, service, day, at),
        APPLICANT,
        status,
        datetime(2026, 11, 20, 12, 0, tzinfo=BAKU),
    )


def migrated_store(url: str, with_catalogue: Catalogue | None = None) -> str:
    """Create and migrate the centre store at `url` and load a catalogue into it."""
    from kiosk_app.store import make_engine, upgrade, write_tx
    from kiosk_app.store.catalogue_repo import replace_catalogue

    upgrade(url)
    engine = make_engine(url)
    with write_tx(engine) as conn:
        replace_catalogue(conn, with_catalogue or catalogue())
    engine.dispose()
    return url
