"""Numbers as spoken words, for the hall display's announcements (az, ru, en)."""

from __future__ import annotations

_AZ_ONES = ["", "bir", "iki", "üç", "dörd", "beş", "altı", "yeddi", "səkkiz", "doqquz"]
_AZ_TENS = ["", "on", "iyirmi", "otuz", "qırx", "əlli", "altmış", "yetmiş", "səksən", "doxsan"]

_RU_ONES = ["", "один", "два", "три", "четыре", "пять", "шесть", "семь", "восемь", "девять"]
_RU_TEENS = [
    "десять",
    "одиннадцать",
    "двенадцать",
    "тринадцать",
    "четырнадцать",
    "пятнадцать",
    "шестнадцать",
    "семнадцать",
    "восемнадцать",
    "девятнадцать",
]
_RU_TENS = [
    "",
    "",
    "двадцать",
    "тридцать",
    "сорок",
    "пятьдесят",
    "шестьдесят",
    "семьдесят",
    "восемьдесят",
    "девяносто",
]
_RU_HUNDREDS = [
    "",
    "сто",
    "двести",
    "триста",
    "четыреста",
    "пятьсот",
    "шестьсот",
    "семьсот",
    "восемьсот",
    "девятьсот",
]

_EN_ONES = ["", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
_EN_TEENS = [
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
_EN_TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]

_ZERO = {"az": "sıfır", "ru": "ноль", "en": "zero"}


def _az(n: int) -> list[str]:
    words: list[str] = []
    thousands, n = divmod(n, 1000)
    if thousands:
        words += ([] if thousands == 1 else _az(thousands)) + ["min"]
    hundreds, n = divmod(n, 100)
    if hundreds:
        words += ([] if hundreds == 1 else [_AZ_ONES[hundreds]]) + ["yüz"]
    tens, ones = divmod(n, 10)
    words += [w for w in (_AZ_TENS[tens], _AZ_ONES[ones]) if w]
    return words


def _ru(n: int) -> list[str]:
    words: list[str] = []
    thousands, n = divmod(n, 1000)
    if thousands:
        words += _ru(thousands) if thousands > 1 else []
        words.append("тысяча" if thousands == 1 else "тысячи" if thousands < 5 else "тысяч")
    hundreds, n = divmod(n, 100)
    if hundreds:
        words.append(_RU_HUNDREDS[hundreds])
    if 10 <= n < 20:
        words.append(_RU_TEENS[n - 10])
    else:
        tens, ones = divmod(n, 10)
        words += [w for w in (_RU_TENS[tens], _RU_ONES[ones]) if w]
    return words


def _en(n: int) -> list[str]:
    words: list[str] = []
    thousands, n = divmod(n, 1000)
    if thousands:
        words += [*_en(thousands), "thousand"]
    hundreds, n = divmod(n, 100)
    if hundreds:
        words += [_EN_ONES[hundreds], "hundred"]
    if 10 <= n < 20:
        words.append(_EN_TEENS[n - 10])
    else:
        tens, ones = divmod(n, 10)
        words += [w for w in (_EN_TENS[tens], _EN_ONES[ones]) if w]
    return words


_SPELLERS = {"az": _az, "ru": _ru, "en": _en}


def number_words(n: int, language: str = "az") -> list[str]:
    """`42` → `["qırx", "iki"]` in Azerbaijani; 0 ≤ n < 1,000,000."""
    if not 0 <= n < 1_000_000:
        raise ValueError("can say numbers from 0 to 999999")
    if n == 0:
        return [_ZERO[language]]
    return _SPELLERS[language](n)
