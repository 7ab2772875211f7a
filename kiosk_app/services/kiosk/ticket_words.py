"""The printed ticket's words from the catalogue, and the sample tickets we look at.

`hardware.printing` knows no language: the kiosk translates every line here
(people ahead and the estimated wait read as on the screen) and the layout only
sets them.
"""

from __future__ import annotations

import json
from datetime import datetime, time
from functools import cache
from importlib import resources

from hardware.printing import AZ_LETTERS, AZ_PLACE_NAMES, TEST_NUMBER, TicketSlip, TicketWords
from server_sync.kernel.i18n import LANGUAGES, Translator
from server_sync.kernel.wording import estimated_wait, glue_numbers, people_ahead


def ticket_words(
    tr: Translator,
    *,
    ahead: int,
    wait_minutes: int,
    issued_at: datetime,
    booking_slot: time | None = None,
) -> TicketWords:
    """Every line of the ticket in `tr`'s language."""
    if ahead < 0 or wait_minutes < 0:
        raise ValueError("people ahead and wait minutes cannot be negative")
    return TicketWords(
        your_number=tr("common.your_number"),
        people_ahead=glue_numbers(people_ahead(tr, ahead)),
        wait=glue_numbers(estimated_wait(tr, wait_minutes)),
        scan=tr("ticket.scan"),
        issued=tr("ticket.issued", when=tr.datetime(issued_at, tr("common.datetime.numeric"))),
        footer=tr("ticket.footer"),
        online_booking=tr("common.online_booking") if booking_slot else "",
        slot=tr("ticket.slot", slot=booking_slot.strftime("%H:%M")) if booking_slot else "",
    )


@cache
def _sample_names() -> tuple[dict[str, str], dict[str, str]]:
    """A real centre and service of the bundled catalogue, in every language."""
    text = resources.files("assets").joinpath("catalogue/catalogue.json").read_text("utf-8")
    data = json.loads(text)
    centre = next(c for c in data["centres"] if c["id"] == "baku-1")
    service = next(s for s in data["services"] if s["id"] == "id-card-issue")
    return centre["name"], service["name"]


def sample_slip(
    language: str, issued_at: datetime, *, booking: bool = False, number: str = "A042"
) -> TicketSlip:
    """A typical ticket in `language`, walk-in or online booking."""
    if language not in LANGUAGES:
        raise ValueError(f"language must be one of {LANGUAGES}, not {language!r}")
    tr = Translator(language)
    centre, service = _sample_names()
    return TicketSlip(
        centre_name=centre[tr.language],
        number=number,
        service_name=service[tr.language],
        status_url=f"https://queue.asan.example/t/baku-1/{issued_at:%Y-%m-%d}/{number}",
        words=ticket_words(
            tr,
            ahead=7,
            wait_minutes=25,
            issued_at=issued_at,
            booking_slot=time(14, 30) if booking else None,
        ),
    )


def self_test_slip(issued_at: datetime, status_url: str, language: str = "az") -> TicketSlip:
    """The `asan-queue ticket --test-page` slip: all Azerbaijani letters and a QR."""
    tr = Translator(language)
    words = ticket_words(tr, ahead=3, wait_minutes=12, issued_at=issued_at)
    return TicketSlip(
        centre_name=" · ".join(
            Translator(lang).gettext("ticket.test_page.title") for lang in LANGUAGES
        ),
        number=TEST_NUMBER,
        service_name=tr("ticket.test_page.letters", letters=AZ_LETTERS),
        status_url=status_url,
        words=TicketWords(
            your_number=words.your_number,
            people_ahead=words.people_ahead,
            wait=words.wait,
            scan=words.scan,
            issued=words.issued,
            footer=AZ_PLACE_NAMES,
        ),
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
