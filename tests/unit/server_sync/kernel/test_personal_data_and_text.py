from __future__ import annotations

import pytest

from server_sync.catalogue_data import load_demo_catalogue
from server_sync.domain.validation import (
    FieldProblem,
    check_email,
    check_id_document,
    check_name,
    check_phone,
)
from server_sync.kernel.personal_data import (
    mask_address,
    mask_email,
    mask_id_document,
    mask_phone,
    mask_text,
)
from server_sync.kernel.text import az_lower, az_upper, collation_key, search_key


def test_masks_show_only_a_tail() -> None:
    assert mask_id_document("aze12345678") == "AZE*****678"
    assert mask_id_document("AA1234567") == "AA****567"
    assert mask_phone("+994 50 123 45 67") == "+994 ** *** ** 67"
    assert mask_email("aysel@mail.az") == "a***@mail.az"


def test_an_address_shows_only_its_town() -> None:
    assert mask_address("Bakı, Nizami küçəsi 10, mənzil 5") == "Bakı, •••"
    assert mask_address("Nizami küçəsi 10") == "•••"
    assert mask_address(", Nizami 10") == "•••"


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


def test_service_names_sort_in_azerbaijani_alphabet_order() -> None:
    names = ["Fiziki şəxs", "Fərdi hesab", "İpoteka", "Işıq", "Xarici", "Həkim", "Çek", "Cari"]
    assert sorted(names, key=collation_key) == [
        "Cari",
        "Çek",
        "Fərdi hesab",
        "Fiziki şəxs",
        "Həkim",
        "Xarici",
        "Işıq",
        "İpoteka",
    ]


def test_demo_agencies_sort_as_an_azerbaijani_reader_expects() -> None:
    demo = load_demo_catalogue()
    names = [a.name.az for a in demo.agencies.values()]
    ordered = sorted(names, key=collation_key)
    # Quotes are ignored; ə after e (Ədliyyə is not last); İ (dotted) after I-less words.
    assert ordered == [
        '"ASAN İmza" Sertifikatlar Xidmətləri Mərkəzi',
        '"Azəriqaz" İstehsalat Birliyi',
        '"Azərişıq" Açıq Səhmdar Cəmiyyəti',
        '"Azərsu" Açıq Səhmdar Cəmiyyəti',
        "Biləsuvar Rayon İcra Hakimiyyəti",
        "Daxili İşlər Nazirliyi",
        "Dövlət İmtahan Mərkəzi",
        "Dövlət Miqrasiya Xidməti",
        "Dövlət Sosial Müdafiə Fondu",
        "Ədliyyə Nazirliyi",
        "Əmək və Əhalinin Sosial Müdafiəsi Nazirliyi",
        "İqtisadiyyat Nazirliyi yanında Dövlət Vergi Xidməti",
        "İqtisadiyyat Nazirliyi yanında Əmlak Məsələləri Dövlət Xidməti",
        "Milli Arxiv İdarəsi",
        "Rabitə və Yüksək Texnologiyalar Nazirliyinin Məlumat Hesablama Mərkəzi",
    ]


def test_collation_per_language_case_and_numbers() -> None:
    assert sorted(["Bakı 10", "Bakı 2", "bakı 1"], key=collation_key) == [
        "bakı 1",
        "Bakı 2",
        "Bakı 10",
    ]
    assert collation_key("İSMAYILLI")[0] == collation_key("ismayıllı")[0]
    assert collation_key("ISIQ")[0] == collation_key("ısıq")[0] != collation_key("isiq")[0]
    # English: x and q in Latin order; Russian: ё right after е, Cyrillic before Latin.
    assert sorted(["Xerox", "Water", "Queue", "Kiosk"], key=lambda s: collation_key(s, "en")) == [
        "Kiosk",
        "Queue",
        "Water",
        "Xerox",
    ]
    assert sorted(["Ёлка", "Жук", "Ель", "ASAN"], key=lambda s: collation_key(s, "ru")) == [
        "Ель",
        "Ёлка",
        "Жук",
        "ASAN",
    ]
    assert collation_key("Ministry", "en")[0] == collation_key("MINISTRY", "en")[0]
