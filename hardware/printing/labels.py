"""The ticket's own words in az/ru/en, with number and plural rules per language."""

from __future__ import annotations

from datetime import datetime, time

from hardware.printing.slip import Language

NBSP = "\u00a0"  # keeps a number with its unit when a line wraps

_LABELS: dict[str, dict[Language, str]] = {
    "your_number": {"az": "Növbə nömrəniz", "ru": "Ваш номер", "en": "Your number"},
    "online_booking": {"az": "Onlayn növbə", "ru": "Онлайн-очередь", "en": "Online booking"},
    "slot": {
        "az": "Qəbul vaxtı: {slot}",
        "ru": "Время приёма: {slot}",
        "en": "Appointment: {slot}",
    },
    "nobody_ahead": {
        "az": "Sizdən əvvəl heç kim yoxdur",
        "ru": "Перед вами никого нет",
        "en": "No one is ahead of you",
    },
    "wait": {
        "az": "Təxmini gözləmə: {wait}",
        "ru": "Ожидание: {wait}",
        "en": "Estimated wait: {wait}",
    },
    "scan": {
        "az": "Növbənizi telefonda izləyin",
        "ru": "Следите за очередью в телефоне",
        "en": "Follow your turn on your phone",
    },
    "issued": {"az": "Verilib: {when}", "ru": "Выдан: {when}", "en": "Issued: {when}"},
    "footer": {
        "az": 'Məlumat üçün: "108" Çağrı Mərkəzi',
        "ru": "Справки: колл-центр 108",
        "en": "Information: call centre 108",
    },
}


def label(key: str, language: Language, **values: object) -> str:
    return _LABELS[key][language].format(**values)


def people_ahead(count: int, language: Language) -> str:
    """ "Sizdən əvvəl: 5 nəfər" and its ru/en forms, with Russian plurals."""
    if count == 0:
        return label("nobody_ahead", language)
    if language == "az":
        return f"Sizdən əvvəl: {count}{NBSP}nəfər"
    if language == "ru":
        return f"Перед вами: {count}{NBSP}{_ru_plural(count, 'человек', 'человека', 'человек')}"
    return f"People ahead of you: {count}"


def wait_time(minutes: int, language: Language) -> str:
    units = {"az": ("saat", "dəq"), "ru": ("ч", "мин"), "en": ("h", "min")}[language]
    if minutes < 1:
        amount = {"az": "1 dəq-dən az", "ru": "меньше минуты", "en": "under a minute"}[language]
    elif minutes < 60:
        amount = f"{minutes}{NBSP}{units[1]}"
    else:
        hours, rest = divmod(minutes, 60)
        amount = f"{hours}{NBSP}{units[0]}" + (f"{NBSP}{rest}{NBSP}{units[1]}" if rest else "")
    return label("wait", language, wait=f"~{amount}" if minutes >= 1 else amount)


def issued(at: datetime, language: Language) -> str:
    return label("issued", language, when=at.strftime("%d.%m.%Y  %H:%M"))


def slot(at: time, language: Language) -> str:
    return label("slot", language, slot=at.strftime("%H:%M"))


def _ru_plural(n: int, one: str, few: str, many: str) -> str:
    if n % 10 == 1 and n % 100 != 11:
        return one
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return few
    return many
