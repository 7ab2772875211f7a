"""The whole seed-003 form checked at once, and every reason has words in az/ru/en."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from server_sync.domain.booking_form import BookingForm, check_form
from server_sync.domain.refusal_keys import known_codes, message
from server_sync.domain.slots import capacity_rule, slots_on
from tests.factories import catalogue

CAT = catalogue()
GOOD = BookingForm(
    first_name="Aysel",
    last_name="Məmmədova-Əliyeva",
    father_name="O'Rauf",
    id_document="aa 1234567",
    phone="(050) 123-45-67",
    email="Aysel@Mail.AZ",
    centre="baku-1",
    service="passport",
    date="2026-11-24",
    time="9:30",
    confirmation_code="123456",
)


def slots_for(centre, service, day):
    return slots_on(centre, capacity_rule(CAT, centre, service, 30), day)


def check(form: BookingForm):
    return check_form(form, CAT, date(2026, 11, 23), 1, 14, slots_for)


def test_a_good_form_is_normalised() -> None:
    checked, problems = check(GOOD)
    assert problems == []
    assert checked is not None
    assert checked.applicant.id_document == "AA1234567"
    assert checked.applicant.phone == "+994501234567"
    assert checked.applicant.email == "Aysel@mail.az"
    assert checked.offer.capacity == 6


def test_every_problem_is_reported_at_once() -> None:
    bad = replace(
        GOOD,
        first_name="",
        last_name="X",
        father_name="Rauf2",
        id_document="AZE1",
        phone="+994 12 1234567",
        email="a@b",
        service="",
        centre="",
        date="",
        time="",
        confirmation_code="",
        extra={"fin": "1234567"},
    )
    _, problems = check(bad)
    assert {(p.field, p.code) for p in problems} == {
        ("first_name", "required"),
        ("last_name", "too_short"),
        ("father_name", "letters_only"),
        ("id_document", "id_document_format"),
        ("phone", "phone_not_mobile"),
        ("email", "email_format"),
        ("service", "required"),
        ("centre", "required"),
        ("date", "required"),
        ("time", "required"),
        ("confirmation_code", "required"),
        ("extra.fin", "unknown_field"),
    }


def test_every_reason_has_words_in_three_languages() -> None:
    for code in known_codes():
        texts = {message(code, lang) for lang in ("az", "ru", "en")}
        assert len(texts) == 3, code
    assert message("no-such-code", "ru") == message("invalid", "ru")
    assert message("required", "xx") == message("required", "az")
