"""Azerbaijani-aware text helpers.

Python's `str.upper()`/`lower()` follow English rules for the dotted and dotless
i, which is wrong for Azerbaijani: `i`↔`İ` and `ı`↔`I`. Search and sorting of
names use these functions instead.
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
