"""GSM 7-bit or UCS-2, septet and unit counting, splitting and the UDH, on exact bytes."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from server_sync.sms.encoding import (
    DATA_CODING_GSM7,
    DATA_CODING_UCS2,
    ESM_CLASS_DEFAULT,
    ESM_CLASS_UDHI,
    GSM7_BASIC,
    GSM7_EXTENSION,
    Concat,
    MessageTooLong,
    choose_data_coding,
    concat_udh,
    decode_payload,
    encode_sms,
    gsm7_decode,
    gsm7_encode,
    gsm7_septets,
    parse_concat,
    split_udh,
    ucs2_units,
)


def test_the_default_alphabet_has_128_septets_at_their_spec_positions() -> None:
    assert len(GSM7_BASIC) == 128
    spots = {0x00: "@", 0x02: "$", 0x0A: "\n", 0x10: "Δ", 0x1B: "\x1b", 0x20: " ", 0x24: "¤"}
    spots |= {0x40: "¡", 0x41: "A", 0x5C: "Ö", 0x5E: "Ü", 0x5F: "§", 0x60: "¿", 0x61: "a"}
    spots |= {0x7C: "ö", 0x7E: "ü", 0x7F: "à"}
    for septet, ch in spots.items():
        assert GSM7_BASIC[septet] == ch, hex(septet)


@pytest.mark.parametrize(
    ("ch", "wire"),
    [
        ("€", b"\x1be"),
        ("[", b"\x1b<"),
        ("]", b"\x1b>"),
        ("{", b"\x1b("),
        ("}", b"\x1b)"),
        ("\\", b"\x1b/"),
        ("^", b"\x1b\x14"),
        ("~", b"\x1b="),
        ("|", b"\x1b@"),
    ],
)
def test_extension_characters_are_an_escape_pair_and_count_two(ch: str, wire: bytes) -> None:
    assert gsm7_encode(ch) == wire
    assert gsm7_septets(ch) == 2
    assert gsm7_septets("a" + ch) == 3
    assert gsm7_decode(wire) == ch


@pytest.mark.parametrize(
    ("text", "coding"),
    [
        ("Your order code: 1234 5678 9012", DATA_CODING_GSM7),
        ("Növbə kodunuz: 1234", DATA_CODING_UCS2),  # ə
        ("Sabah saat 10:00-da gəlin", DATA_CODING_UCS2),
        ("Bağışlayın", DATA_CODING_UCS2),  # ğ ı ş
        ("İsmayıllı", DATA_CODING_UCS2),  # İ ı
        ("Şəki", DATA_CODING_UCS2),
        ("Ödəniş", DATA_CODING_UCS2),
        ("Gözləyin", DATA_CODING_UCS2),
        ("Ümid, Ölkə", DATA_CODING_UCS2),
        ("Ümid Öz", DATA_CODING_GSM7),  # Ü and Ö are in the default alphabet
        ("çay", DATA_CODING_UCS2),  # 0x09 is ambiguous on handsets: never GSM 7
        ("Çay", DATA_CODING_UCS2),
        ("Ваш код: 1234", DATA_CODING_UCS2),
        ("ΔΦΓΛΩΠΨΣΘΞ", DATA_CODING_GSM7),  # Greek capitals of the default alphabet
        ("Price 5 € [ok] {x}", DATA_CODING_GSM7),
        ("tab\there", DATA_CODING_UCS2),
        ("ok 👍", DATA_CODING_UCS2),
    ],
)
def test_data_coding_choice_for_az_ru_en_texts(text: str, coding: int) -> None:
    assert choose_data_coding(text) == coding
    assert encode_sms(text, 0).data_coding == coding


def test_160_gsm7_septets_is_one_sms_and_161_is_two_parts_of_153() -> None:
    single = encode_sms("a" * 160, 7)
    assert (single.esm_class, len(single.parts), single.parts[0]) == (
        ESM_CLASS_DEFAULT,
        1,
        b"a" * 160,
    )
    double = encode_sms("a" * 161, 7)
    assert double.esm_class == ESM_CLASS_UDHI
    assert [len(p) for p in double.parts] == [6 + 153, 6 + 8]
    assert double.parts[0][:6] == bytes.fromhex("050003070201")
    assert double.parts[1][:6] == bytes.fromhex("050003070202")


def test_extension_characters_count_two_towards_the_160() -> None:
    assert len(encode_sms("€" * 80, 0).parts) == 1
    assert len(encode_sms("€" * 80 + "a", 0).parts) == 2


def test_an_escape_pair_is_never_split_between_parts() -> None:
    text = "a" * 152 + "€" + "b" * 10  # the € would straddle septets 153/154
    parts = encode_sms(text, 1).parts
    assert parts[0][6:] == b"a" * 152
    assert parts[1][6:8] == b"\x1be"


def test_70_ucs2_units_is_one_sms_and_71_is_two_parts_of_67() -> None:
    single = encode_sms("ə" * 70, 0)
    assert (len(single.parts), single.parts[0]) == (1, "ə".encode("utf-16-be") * 70)
    double = encode_sms("ə" * 71, 0)
    assert [len(p) for p in double.parts] == [6 + 134, 6 + 8]


def test_emoji_count_as_two_units_and_their_surrogates_stay_together() -> None:
    assert ucs2_units("👍") == 2
    assert len(encode_sms("👍" * 35, 0).parts) == 1
    text = "ə" * 66 + "👍" + "ə"
    encoded = encode_sms(text, 0)
    assert encoded.units == 69
    assert len(encoded.parts) == 1
    text = "ə" * 66 + "👍" * 3  # 72 units; the first emoji would straddle units 67/68
    parts = encode_sms(text, 0).parts
    assert parts[0][6:] == ("ə" * 66).encode("utf-16-be")
    assert parts[1][6:] == ("👍" * 3).encode("utf-16-be")


def test_udh_bytes_and_their_parsing() -> None:
    assert concat_udh(0xAB, 3, 2) == b"\x05\x00\x03\xab\x03\x02"
    udh, payload = split_udh(b"\x05\x00\x03\xab\x03\x02hello")
    assert (udh, payload) == (b"\x05\x00\x03\xab\x03\x02", b"hello")
    assert parse_concat(udh) == Concat(0xAB, 3, 2)
    # 16-bit reference, after another element (a port address, IEI 0x05)
    assert parse_concat(bytes.fromhex("0b05040b8423f00804beef0201")) == Concat(0xBEEF, 2, 1)
    assert parse_concat(bytes.fromhex("0605040b8423f0")) is None
    with pytest.raises(ValueError, match="UDH"):
        split_udh(b"\x09\x00\x03")
    with pytest.raises(ValueError, match="concatenation"):
        concat_udh(256, 2, 1)


def test_too_long_and_empty_texts_are_refused() -> None:
    with pytest.raises(MessageTooLong):
        encode_sms("a" * (153 * 255 + 1), 0)
    assert len(encode_sms("a" * (153 * 255), 0).parts) == 255
    with pytest.raises(ValueError, match="text"):
        encode_sms("", 0)


def test_payload_decoding_by_data_coding() -> None:
    assert decode_payload(b"\x00\x1be", DATA_CODING_GSM7) == "@€"
    assert decode_payload("Şəki".encode("utf-16-be"), DATA_CODING_UCS2) == "Şəki"
    assert decode_payload(b"caf\xe9", 0x03) == "café"
    assert decode_payload(b"\x01", 0x04) is None
    assert gsm7_decode(b"\x1b\x41\xff") == "A\ufffd"  # unknown escape → basic char


def _reassemble(text: str, reference: int) -> str:
    encoded = encode_sms(text, reference)
    if len(encoded.parts) == 1:
        assert encoded.esm_class == ESM_CLASS_DEFAULT
        return decode_payload(encoded.parts[0], encoded.data_coding) or ""
    payload = b""
    for seq, part in enumerate(encoded.parts, 1):
        udh, body = split_udh(part)
        assert parse_concat(udh) == Concat(reference, len(encoded.parts), seq)
        assert len(part) <= 140  # one SMS of user data, UDH included
        payload += body
    return decode_payload(payload, encoded.data_coding) or ""


_AZ = st.sampled_from(list("əƏğĞıIİiöÖüÜşŞçÇ abc€[]{}\n@👍Жж"))
_GSM = st.sampled_from(list(GSM7_BASIC.replace("\x1b", "").replace("Ç", "")))
_EXT = st.sampled_from(list(GSM7_EXTENSION.values()))


@given(st.text(min_size=1, max_size=700), st.integers(0, 255))
def test_any_text_reassembles_to_itself(text: str, reference: int) -> None:
    assert _reassemble(text, reference) == text


@given(st.text(st.one_of(_GSM, _EXT), min_size=1, max_size=600), st.integers(0, 255))
def test_gsm7_texts_stay_gsm7_and_reassemble(text: str, reference: int) -> None:
    assert encode_sms(text, reference).data_coding == DATA_CODING_GSM7
    assert _reassemble(text, reference) == text


@given(st.text(_AZ, min_size=1, max_size=400))
def test_azerbaijani_texts_reassemble(text: str) -> None:
    assert _reassemble(text, 42) == text
