"""Azerbaijani-aware text helpers.

Python's `str.upper()`/`lower()` follow English rules for the dotted and dotless
i, which is wrong for Azerbaijani: `i`↔`İ` and `ı`↔`I`. Search and sorting of
names use these functions instead: `search_key` folds letters for forgiving
search boxes, `collation_key` sorts lists (kiosk menu, booking pages, reports)
in the alphabet's own order.
"""

from __future__ import annotations

import unicodedata

_UPPER_AZ = str.maketrans({"i": "İ", "ı": "I"})
_LOWER_AZ = str.maketrans({"İ": "i", "I": "ı"})


def az_upper(text: str) -> str:
    """`"işıq"` → `"IŞIQ"` ... and `"ilə"` → `"İLƏ"`."""
    return text.translate(_UPPER_AZ).upper()


def az_lower(text: str) -> str:
    """`"İLİ"` → `"ili"`, `"ISIQ"` → `"ısıq"`."""
    return text.translate(_LOWER_AZ).lower()


def search_key(text: str) -> str:
    """A forgiving key for search boxes: Azerbaijani lower case, then the
    letters folded to plain Latin so that `seki` finds `Şəki` and `ucun` finds
    `üçün`."""
    lowered = az_lower(unicodedata.normalize("NFC", text)).replace("ə", "e").replace("ı", "i")
    decomposed = unicodedata.normalize("NFKD", lowered)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


# Letters in reading order. Azerbaijani: the alphabet of 1992 (x after h, q after k,
# ə after e, ı before i), with w — foreign names only — after v. English keeps the
# Latin order, each Azerbaijani letter right after its base letter. Russian puts
# Cyrillic first (ё after е), then Latin; Azerbaijani and English put Latin first.
_LATIN_AZ = "abcçdeəfgğhxıijkqlmnoöprsştuüvwyz"
_LATIN_EN = "abcçdeəfgğhıijklmnoöpqrsştuüvwxyz"
_CYRILLIC = "абвгдеёжзийклмнопрстуфхцчшщъыьэюя"


def _ranks(*alphabets: str) -> dict[str, int]:
    return {ch: i for i, ch in enumerate("".join(alphabets))}


_ORDERS = {
    "az": _ranks(_LATIN_AZ, _CYRILLIC),
    "en": _ranks(_LATIN_EN, _CYRILLIC),
    "ru": _ranks(_CYRILLIC, _LATIN_EN),
}

CollationKey = tuple[tuple[tuple[int, int], ...], str]


def collation_key(text: str, language: str = "az") -> CollationKey:
    """A sort key that orders names as a reader of `language` expects.

    Case-insensitive with Azerbaijani `i/İ` and `ı/I`, punctuation and quotes
    ignored (`"Azərsu" ASC` sorts under A), numbers by value (`Bakı 2` before
    `Bakı 10`), other accented letters by their base letter; ties are broken
    by the text itself so the order is total."""
    order = _ORDERS.get(language, _ORDERS["az"])
    text_nfc = unicodedata.normalize("NFC", text)
    # Azerbaijani text: I is ı; in Russian and English text I is i (and İ, from
    # Azerbaijani names, too).
    lowered = az_lower(text_nfc) if language == "az" else text_nfc.replace("İ", "i").lower()
    primary: list[tuple[int, int]] = []
    digits = ""
    for ch in lowered + "\0":
        if ch.isdigit():
            digits += ch
            continue
        if digits:
            primary.append((1, int(digits)))
            digits = ""
        if ch.isspace():
            if primary and primary[-1] != (0, 0):
                primary.append((0, 0))
        elif ch in order:
            primary.append((2, order[ch]))
        elif ch.isalpha():
            base = unicodedata.normalize("NFD", ch)[0]
            primary.append((2, order[base]) if base in order else (3, ord(ch)))
    while primary and primary[-1] == (0, 0):
        primary.pop()
    return tuple(primary), text
