from __future__ import annotations

import pytest

from server_sync.domain.validation import (
    FieldProblem,
    check_email,
    check_id_document,
    check_name,
    check_phone,
)
from server_sync.kernel.personal_data import mask_email, mask_id_document, mask_phone, mask_text
from server_sync.kernel.text import az_lower, az_upper, search_key


def test_masks_show_only_a_tail() -> None:
    assert mask_id_document("aze12345678") == "AZE*****678"
    assert mask_id_document("AA1234567") == "AA****567"
    assert mask_phone("+994 50 123 45 67") == "+994 ** *** ** 67"
    assert mask_email("aysel@mail.az") == "a***@mail.az"


def test_free_text_is_masked_everywhere() -> None:
    line = (
        "booking AZE12345678 phone 050-123-45-67 mail aysel.m@mail.az fin 5ZK3A8P "
        "ticket A042 code 123456789012"
    )
    masked = mask_text(line)
    for secret in ("AZE12345678", "123-45", "aysel.m", "ZK3A8P"):
        assert secret not in masked
    assert "A042" in masked
    assert "123456789012" in masked


def test_azerbaijani_case_rules_for_i() -> None:
    assert az_upper("işıq ılıq") == "İŞIQ ILIQ"
    assert az_lower("İLİ ISIQ") == "ili ısıq"
    assert search_key("Şəki") == search_key("seki") == "seki"
    assert search_key("ÜÇÜN") == "ucun"


@pytest.mark.parametrize("name", ["Aysel", "Məmmədova", "Əli-Heydər", "O'Neil", "Gülnarə Nur"])
def test_names_with_azerbaijani_letters_pass(name: str) -> None:
    assert check_name("first_name", name) == name


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("", "required"),
        ("A", "too_short"),
        ("x" * 41, "too_long"),
        ("R2D2", "letters_only"),
        ("-Ali", "letters_only"),
    ],
)
def test_bad_names_have_reasons(value: str, code: str) -> None:
    with pytest.raises(FieldProblem) as err:
        check_name("last_name", value)
    assert (err.value.field, err.value.code) == ("last_name", code)


def test_id_documents_and_phones_are_normalised() -> None:
    assert check_id_document(" aze 1234 5678 ") == "AZE12345678"
    assert check_id_document("AA1234567") == "AA1234567"
    for phone in ("+994 50 123 45 67", "994501234567", "050-123-45-67", "(055) 123 45 67"):
        assert check_phone(phone).startswith("+99450") or check_phone(phone).startswith("+99455")
    assert check_phone("0501234567") == "+994501234567"
    assert check_email("Aysel@Mail.AZ") == "Aysel@mail.az"


@pytest.mark.parametrize(
    ("check", "value", "code"),
    [
        (check_id_document, "AZE1234567", "id_document_format"),
        (check_id_document, "AB1234567", "id_document_format"),
        (check_phone, "0121234567", "phone_not_mobile"),
        (check_phone, "+7 900 123 45 67", "phone_format"),
        (check_phone, "050 123 45 6x", "phone_format"),
        (check_email, "aysel@", "email_format"),
    ],
)
def test_bad_fields_have_reasons(check, value: str, code: str) -> None:
    with pytest.raises(FieldProblem) as err:
        check(value)
    assert err.value.code == code
