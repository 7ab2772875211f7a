"""Ready-made slips: the staff test page and the samples we look at and benchmark."""

from __future__ import annotations

from datetime import datetime, time

from hardware.printing.slip import LANGUAGES, Language, TicketSlip

#: Every Azerbaijani letter that a code page would get wrong, both cases.
AZ_LETTERS = "ə Ə ğ Ğ ı I İ i ö Ö ü Ü ş Ş ç Ç"

_CENTRE = {
    "az": '"ASAN xidmət" mərkəzi № 1',
    "ru": "Центр «ASAN xidmət» № 1",
    "en": '"ASAN xidmət" centre No. 1',
}
_SERVICE = {
    "az": "Şəxsiyyət vəsiqəsinin verilməsi",
    "ru": "Выдача удостоверения личности",
    "en": "Issuing an identity card",
}


def self_test_slip(issued_at: datetime, status_url: str) -> TicketSlip:
    """The `asan-queue ticket --test-page` slip: all Azerbaijani letters and a QR."""
    return TicketSlip(
        centre_name="Sınaq səhifəsi · Тестовая страница · Test page",
        number="Ə001",
        service_name=f"Azərbaycan hərfləri: {AZ_LETTERS}",
        issued_at=issued_at,
        people_ahead=3,
        wait_minutes=12,
        language="az",
        status_url=status_url,
        footer="Şəki · Gəncə · Quba · İsmayıllı · Ağdaş · Göyçay · Oğuz",
    )


def sample_slip(
    language: Language, issued_at: datetime, *, booking: bool = False, number: str = "A042"
) -> TicketSlip:
    """A typical ticket in `language`, walk-in or online booking."""
    return TicketSlip(
        centre_name=_CENTRE[language],
        number=number,
        service_name=_SERVICE[language],
        issued_at=issued_at,
        people_ahead=7,
        wait_minutes=25,
        language=language,
        status_url=f"https://queue.asan.example/t/baku-1/{issued_at:%Y-%m-%d}/{number}",
        booking_slot=time(14, 30) if booking else None,
    )


def all_samples(issued_at: datetime) -> dict[str, TicketSlip]:
    """Every language, walk-in and booking, keyed like "az-walkin"."""
    return {
        f"{lang}-{'booking' if booking else 'walkin'}": sample_slip(
            lang, issued_at, booking=booking, number="B017" if booking else "A042"
        )
        for lang in LANGUAGES
        for booking in (False, True)
    }
