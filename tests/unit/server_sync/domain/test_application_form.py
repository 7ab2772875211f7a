"""The one application-form validator, and the file checks, as data in → data out."""

from __future__ import annotations

import pytest

from server_sync.catalogue_data import load_demo_catalogue
from server_sync.domain.application_form import validate
from server_sync.domain.uploads import check_file_name, check_head
from server_sync.domain.validation import FieldProblem
from server_sync.domain.water_debt import check_subscriber
from server_sync.kernel.catalogue import Catalogue, CatalogueError
from server_sync.kernel.forms import ApplicationForm, FormError

CATALOGUE = load_demo_catalogue()
AZERSU = CATALOGUE.services["water-subscriber-application"].form
AZERISIQ = CATALOGUE.services["electricity-idp-application"].form
assert AZERSU is not None
assert AZERISIQ is not None
GOOD = {
    "first_name": "Aysel",
    "last_name": "Məmmədova",
    "father_name": "Rauf qızı",
    "fin": "7az 1b2c",
    "address": "Bakı, Nizami küçəsi 10",
    "application_type": "request",
    "reason": "meter",
    "phone": "+994 50 123 45 67",
    "email": "a@Mail.AZ",
    "description": "Sayğac işləmir",
}


def codes(
    form: ApplicationForm, values: dict[str, object], where: tuple[str, str] | None
) -> dict[str, str]:
    return {p.field: p.code for p in validate(form, values, where).problems}


def test_good_answers_are_cleaned() -> None:
    checked = validate(AZERSU, GOOD, ("head-office", "legal"))
    assert checked.ok
    assert checked.values["fin"] == "7AZ1B2C"
    assert checked.values["phone"] == "+994501234567"
    assert checked.values["email"] == "a@mail.az"
    assert "notes" not in checked.values


def test_each_field_refused_on_its_own() -> None:
    bad = {**GOOD, "fin": "7AZ1B2", "phone": "12", "application_type": "bribe", "first_name": "A1"}
    assert codes(AZERSU, bad, ("head-office", "legal")) == {
        "fin": "fin_format",
        "phone": "phone_format",
        "application_type": "not_a_choice",
        "first_name": "letters_only",
    }


def test_destination_must_be_an_organisation_and_its_unit() -> None:
    assert codes(AZERSU, GOOD, None) == {"organisation": "required"}
    assert codes(AZERSU, GOOD, ("head-office", "")) == {"unit": "required"}
    assert codes(AZERSU, GOOD, ("head-office", "head")) == {"unit": "not_a_choice"}
    assert codes(AZERSU, GOOD, ("mars", "x")) == {"organisation": "not_a_choice"}


def test_conditional_field_only_when_its_condition_holds() -> None:
    where = ("head-office", "legal")
    assert codes(AZERSU, {**GOOD, "reason": "other"}, where) == {"reason_other": "required"}
    assert (
        validate(AZERSU, {**GOOD, "reason_other": "ignored"}, where).values.get("reason_other")
        is None
    )


def test_fin_list_each_item_checked_with_its_index() -> None:
    values = {
        "first_name": "Aysel",
        "last_name": "Məmmədova",
        "father_name": "Rauf qızı",
        "district": "xatai",
        "address": "Bakı",
        "old_address": "Şuşa",
        "reason": "meter",
        "fins": ["7AZ1B2C", "5KQ8M3", "2XR7P4N", "7az1b2c"],
        "mobile": "050 111 22 33",
        "email": "a@mail.az",
    }
    assert codes(AZERISIQ, values, None) == {"fins-2": "fin_format", "fins-4": "fin_repeated"}
    assert codes(AZERISIQ, {**values, "fins": ["", ""]}, None) == {"fins-1": "required"}
    assert codes(AZERISIQ, {**values, "fins": ["7AZ1B2C"] * 11}, None) == {"fins": "too_many_items"}


def test_unknown_and_oversized_fields() -> None:
    where = ("head-office", "legal")
    assert codes(AZERSU, {**GOOD, "admin": "1"}, where) == {"admin": "unknown_field"}
    assert codes(AZERSU, {**GOOD, "address": "x" * 201}, where) == {"address": "too_long"}


def test_accepted_kinds_by_their_first_bytes() -> None:
    assert check_head("files", b"%PDF-1.7\n") == "pdf"
    assert check_head("files", b"\xff\xd8\xff\xe0\x00\x10JFIF") == "jpeg"


@pytest.mark.parametrize(
    ("head", "code"),
    [
        (b"MZ\x90\x00", "file_type"),
        (b"PK\x03\x04", "file_type"),
        (b"\x7fELF\x02", "file_type"),
        (b"#!/bin/sh\n", "file_type"),
        (b"", "file_empty"),
    ],
    ids=["exe", "zip", "elf", "script", "empty"],
)
def test_other_kinds_refused_by_their_first_bytes(head: bytes, code: str) -> None:
    with pytest.raises(FieldProblem, match=code):
        check_head("files", head)


@pytest.mark.parametrize(
    "name", ["../x.pdf", "a/b.pdf", "C:\\x\\a.pdf", ".htaccess", "a\x00.pdf", ""]
)
def test_file_names_with_paths_refused(name: str) -> None:
    with pytest.raises(FieldProblem, match="file_name"):
        check_file_name("files", name)


def test_file_name_kept_as_given() -> None:
    assert check_file_name("files", " Sayğac akt.pdf ") == "Sayğac akt.pdf"


def test_subscriber_code_and_type() -> None:
    assert check_subscriber("100 200 3001", "household") == ("1002003001", "household")
    with pytest.raises(FieldProblem, match="subscriber_code_format"):
        check_subscriber("12ab", "household")
    with pytest.raises(FieldProblem, match="not_a_choice"):
        check_subscriber("1002003001", "alien")


def test_a_bad_form_is_refused_naming_the_entry() -> None:
    data = CATALOGUE.to_dict()
    service = next(s for s in data["services"] if s["id"] == "water-subscriber-application")
    service["form"]["fields"][0]["type"] = "colour"
    with pytest.raises(CatalogueError, match="water-subscriber-application form field first_name"):
        Catalogue.from_dict(data)
    with pytest.raises(FormError, match="contact field"):
        ApplicationForm.from_dict(
            {"fields": [{"name": "a", "type": "text", "label": {"az": "A"}}]}, "f"
        )


def test_forms_round_trip_through_the_catalogue_data() -> None:
    again = Catalogue.from_dict(CATALOGUE.to_dict())
    assert again.services["electricity-idp-application"].form == AZERISIQ
