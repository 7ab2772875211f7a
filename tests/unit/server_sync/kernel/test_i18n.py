"""The kernel Translator: catalogue lookups, CLDR plurals, numbers and dates."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from server_sync.kernel.i18n import MissingText, Translator, pick_language
from server_sync.kernel.wording import estimated_wait, long_date, people_ahead, wait_duration


def test_a_key_in_each_language_and_an_unknown_language_is_azerbaijani() -> None:
    assert Translator("az")("common.counter") == "Pəncərə"
    assert Translator("ru")("common.counter") == "Окно"
    assert Translator("en")("common.counter") == "Counter"
    assert Translator("de").language == "az"


def test_switching_language_in_place() -> None:
    tr = Translator("az")
    tr.language = "ru"
    assert tr("common.ticket") == "Талон"


def test_a_missing_key_is_our_bug_and_raises() -> None:
    with pytest.raises(MissingText):
        Translator("en")("kiosk.no_such_text")
    with pytest.raises(MissingText):
        Translator("en").plural("common.no_such_plural", 3)


@pytest.mark.parametrize(
    ("n", "text"),
    [
        (1, "Перед вами 1 человек"),
        (2, "Перед вами 2 человека"),
        (5, "Перед вами 5 человек"),
        (11, "Перед вами 11 человек"),
        (21, "Перед вами 21 человек"),
        (24, "Перед вами 24 человека"),
    ],
)
def test_russian_has_three_plural_forms(n: int, text: str) -> None:
    assert people_ahead(Translator("ru"), n) == text


def test_english_and_azerbaijani_plurals() -> None:
    assert people_ahead(Translator("en"), 1) == "1 person ahead of you"
    assert people_ahead(Translator("en"), 3) == "3 people ahead of you"
    assert people_ahead(Translator("az"), 3) == "Sizdən əvvəl 3 nəfər"
    assert people_ahead(Translator("az"), 0) == "Sizdən əvvəl heç kim yoxdur"


def test_numbers_use_each_languages_decimal_sign() -> None:
    assert Translator("az").number(3.94, digits=1) == "3,9"
    assert Translator("ru").number(3.94, digits=1) == "3,9"
    assert Translator("en").number(3.94, digits=1) == "3.9"
    assert Translator("az").percent(33.333) == "33,3%"


def test_month_and_weekday_names_come_from_cldr() -> None:
    day = date(2026, 11, 25)
    assert Translator("az").month_name(11) == "noyabr"
    assert Translator("ru").month_name(11) == "ноября"
    assert Translator("en").weekday_name(day) == "Wednesday"
    assert Translator("az").date(day, Translator("az")("common.date.long")) == "25 noyabr 2026"
    assert Translator("ru").date(day, Translator("ru")("common.date.long")) == "25 ноября 2026 г."
    assert long_date(Translator("en"), day) == "Wednesday, 25 November 2026"
    # CLDR capitalises Azerbaijani weekdays and puts them first
    assert long_date(Translator("az"), day) == "Çərşənbə, 25 noyabr 2026"


def test_wait_durations() -> None:
    az, en = Translator("az"), Translator("en")
    assert wait_duration(az, 12) == "~12 dəq"
    assert wait_duration(en, 75) == "~1 h 15 min"
    assert wait_duration(en, 120) == "~2 h"
    assert estimated_wait(Translator("ru"), 0) == "Примерное время ожидания: меньше минуты"


def test_ticket_date_pattern_is_a_catalogue_key() -> None:
    tr = Translator("az")
    when = datetime(2025, 11, 24, 9, 5)
    assert tr("ticket.issued", when=tr.datetime(when, tr("common.datetime.numeric"))) == (
        "Verilib: 24.11.2025  09:05"
    )


def test_pick_language() -> None:
    assert pick_language(None, "ru-RU,ru;q=0.9") == "ru"
    assert pick_language("xx", "") == "az"
