"""Every visitor text exists in az, ru and en, and every refusal reads differently."""

from __future__ import annotations

import re
from datetime import date, datetime

import pytest

from kiosk_app.domain.checkin import (
    AlreadyUsed,
    BadCheckDigit,
    Cancelled,
    Refusal,
    TooEarly,
    TooLate,
    UnknownCode,
    WrongCentre,
    WrongDay,
)
from kiosk_app.presenters.kiosk.messages import format_date, refusal_message
from kiosk_app.services.kiosk.types import ServiceUnavailable, StoreUnavailable
from server_sync.kernel.booking import BookingStatus
from server_sync.kernel.clock import BAKU
from server_sync.kernel.i18n import Translator
from server_sync.kernel.wording import estimated_wait
from tests.catalogue_texts import catalogue_texts
from tests.factories import catalogue

AZ_LETTERS = set("əğıöüşçİ")
REFUSALS: list[Refusal | ServiceUnavailable | StoreUnavailable] = [
    UnknownCode("123"),
    WrongCentre("gence"),
    WrongDay(date(2026, 12, 1)),
    TooEarly(datetime(2026, 11, 23, 10, 45, tzinfo=BAKU)),
    TooLate(datetime(2026, 11, 23, 9, 30, tzinfo=BAKU)),
    AlreadyUsed(BookingStatus.SERVED),
    Cancelled(),
    ServiceUnavailable("x", "closed"),
    ServiceUnavailable("x", "no_walk_in"),
    StoreUnavailable("OperationalError"),
]


def texts() -> dict[str, dict[str, str]]:
    return catalogue_texts("kiosk.", "common.")


def test_every_text_in_three_languages_with_the_same_placeholders() -> None:
    for key, entry in texts().items():
        assert set(entry) == {"az", "ru", "en"}, key
        assert all(entry[lang].strip() for lang in entry), key
        holes = {lang: set(re.findall(r"{(\w+)}", entry[lang])) for lang in entry}
        assert holes["az"] == holes["ru"] == holes["en"], key


def test_azerbaijani_texts_use_azerbaijani_letters() -> None:
    az = " ".join(e["az"] for k, e in texts().items())
    assert set(az) >= AZ_LETTERS
    assert "Sizdən əvvəl {n} nəfər" in az
    assert estimated_wait(Translator("az"), 12) == "Təxmini gözləmə: ~12 dəq"


@pytest.mark.parametrize("language", ["az", "ru", "en"])
def test_each_refusal_is_its_own_message(language: str) -> None:
    tr = Translator(language)
    cat = catalogue()
    views = [
        refusal_message(
            tr,
            r,
            centre_name=lambda c: cat.centres[c].name if c in cat.centres else None,
            offer_walk_in_when_late=True,
        )
        for r in REFUSALS
    ]
    titles = [v.title for v in views]
    assert len(set(titles)) == len(titles)
    for view in views:
        assert view.body
        assert view.next_step
        assert view.actions
    wrong_centre = views[1]
    assert cat.centres["gence"].name(language) in wrong_centre.body


def test_dates_in_each_language() -> None:
    day = date(2026, 12, 1)
    assert format_date(Translator("az"), day) == "1 dekabr 2026"
    assert format_date(Translator("ru"), day) == "1 декабря 2026 г."
    assert format_date(Translator("en"), day) == "1 December 2026"


def test_typing_error_stays_on_the_keypad_screen() -> None:
    view = refusal_message(
        Translator("en"),
        BadCheckDigit("check_digit"),
        centre_name=lambda _c: None,
        offer_walk_in_when_late=True,
    )
    assert view.kind == "typing"
    assert "typing error" in view.body
