"""A date typed in any reasonable way, for the history's search box (seed 002:
"tarix formatını istənilən növdə yazma imkanı var").

Numbers are read day first ("8.4.2015", "08/04/2015", "3-4-2015"), except a
leading four-digit year ("2015-04-08", "2015.4.8"); two-digit years are 20xx.
Month names in Azerbaijani, Russian (any case ending) and English, whole or
shortened: "8 aprel 2015", "8 апреля 2015", "April 8, 2015", "8 Apr 2015".
"""

from __future__ import annotations

import re
from datetime import date

from server_sync.kernel.text import search_key

_MONTHS: dict[str, int] = {}
for number, names in enumerate(
    (
        ("yanvar", "январ", "january", "jan"),
        ("fevral", "феврал", "february", "feb"),
        ("mart", "март", "march", "mar"),
        ("aprel", "апрел", "april", "apr"),
        ("may", "ма", "may"),
        ("iyun", "июн", "june", "jun"),
        ("iyul", "июл", "july", "jul"),
        ("avqust", "август", "august", "aug"),
        ("sentyabr", "сентябр", "september", "sep", "sept"),
        ("oktyabr", "октябр", "october", "oct"),
        ("noyabr", "ноябр", "november", "nov"),
        ("dekabr", "декабр", "december", "dec"),
    ),
    start=1,
):
    for name in names:
        _MONTHS[name] = number

_NUMERIC = re.compile(r"^(\d{1,4})\s*[./\-\s]\s*(\d{1,2})\s*[./\-\s]\s*(\d{1,4})$")
_WORDS = re.compile(r"^(\d{1,2})\s+([^\W\d_]+)\.?,?\s+(\d{2,4})$")
_WORDS_US = re.compile(r"^([^\W\d_]+)\.?\s+(\d{1,2}),?\s+(\d{2,4})$")
MAX_LENGTH = 40


def parse_loose_date(text: str) -> date | None:
    """The date `text` means, or None when it is not one (never raises)."""
    cleaned = " ".join(text.strip().lower().replace("г.", " ").split()).rstrip(".")
    cleaned = re.sub(r"\s*(?:il|year|года|год)$", "", cleaned)
    if not cleaned or len(cleaned) > MAX_LENGTH:
        return None
    found = _NUMERIC.match(cleaned)
    if found:
        first, second, third = found.groups()
        if len(first) == 4:
            return _date(first, second, third) if len(third) <= 2 else None
        if len(first) > 2 or len(third) not in (2, 4):
            return None
        return _date(third, second, first)
    found = _WORDS.match(cleaned)
    if found:
        month = _month(found.group(2))
        return None if month is None else _date(found.group(3), str(month), found.group(1))
    found = _WORDS_US.match(cleaned)
    if found:
        month = _month(found.group(1))
        return None if month is None else _date(found.group(3), str(month), found.group(2))
    return None


def _month(word: str) -> int | None:
    folded = search_key(word) if word.isascii() or not _cyrillic(word) else word
    if folded in _MONTHS:
        return _MONTHS[folded]
    # Russian endings ("апреля", "мая", "марта") and Latin forms ("aprelin").
    for name in sorted(_MONTHS, key=len, reverse=True):
        if len(name) >= 2 and folded.startswith(name) and len(folded) - len(name) <= 2:
            if name == "ма" and folded not in ("май", "мая", "мае"):
                continue
            return _MONTHS[name]
    return None


def _cyrillic(word: str) -> bool:
    return any("\u0400" <= ch <= "\u04ff" for ch in word)


def _date(year: str, month: str, day: str) -> date | None:
    full_year = int(year) + 2000 if len(year) == 2 else int(year)
    if len(year) == 3:
        return None
    try:
        return date(full_year, int(month), int(day))
    except ValueError:
        return None
