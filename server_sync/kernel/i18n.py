"""Every word a person reads, at run time: the gettext catalogue `asanq`.

The catalogues are `assets/locale/{az,ru,en}/LC_MESSAGES/asanq.po` (compiled
`.mo` beside them, loaded once per language on first use). Message ids are
symbolic keys (`kiosk.home.welcome`, `common.estimated_wait`), so every
language, English too, has its own translation. Placeholders are Python brace
fields (`{minutes}`). Plurals, numbers, dates, month and weekday names come from
CLDR through Babel, imported only when a number or a date is first formatted.
A key missing from the catalogue is our bug: it raises `MissingText` at once.
"""

from __future__ import annotations

import datetime as dt
import gettext
from collections.abc import Callable
from functools import cache
from importlib import resources
from typing import Any, Literal

LANGUAGES: tuple[str, ...] = ("az", "ru", "en")
DOMAIN = "asanq"
#: Each language named in itself, the same on every screen: not translated, so not in
#: the catalogue (one of the few documented literals; see README "Texts and languages").
LANGUAGE_NAMES: dict[str, str] = {"az": "Azərbaycanca", "ru": "Русский", "en": "English"}
#: Babel's locale names for our language codes.
_LOCALES = {"az": "az", "ru": "ru", "en": "en"}


def N_(key: str) -> str:
    """Marks a key for extraction where it is looked up later (a mapping of kinds)."""
    return key


class MissingText(KeyError):
    """A key the catalogue does not have: a bug in the code, never the visitor's fault."""


def normalise(language: str | None) -> str:
    """A supported language code, Azerbaijani when `language` is not one."""
    code = (language or "")[:2].lower()
    return code if code in LANGUAGES else "az"


def pick_language(*candidates: str | None) -> str:
    """The first supported language among the candidates, else Azerbaijani."""
    for value in candidates:
        if value and value[:2].lower() in LANGUAGES:
            return value[:2].lower()
    return "az"


def locale_dir() -> str:
    return str(resources.files("assets").joinpath("locale"))


@cache
def _catalogue(language: str) -> gettext.GNUTranslations:
    path = resources.files("assets").joinpath(f"locale/{language}/LC_MESSAGES/{DOMAIN}.mo")
    with path.open("rb") as mo:
        return gettext.GNUTranslations(mo)


class Translator:
    """`tr("kiosk.home.welcome")` in the current language; switch with `tr.language = "ru"`."""

    def __init__(self, language: str = "az") -> None:
        self.language = language

    @property
    def language(self) -> str:
        return self._language

    @language.setter
    def language(self, value: str) -> None:
        self._language = normalise(value)
        self._catalogue = _catalogue(self._language)

    @property
    def locale(self) -> str:
        return _LOCALES[self._language]

    def __call__(self, key: str, **values: object) -> str:
        text = self._catalogue.gettext(key)
        if text == key:
            raise MissingText(key)
        return text.format(**values) if values else text

    gettext = __call__

    def plural(self, key: str, n: int, **values: object) -> str:
        """The form of `key` for count `n` (CLDR rules: Russian has three); `{n}` is set."""
        text = self._catalogue.ngettext(key, key + ".plural", n)
        if text in (key, key + ".plural"):
            raise MissingText(key)
        return text.format(n=n, **values)

    def ngettext(self, singular: str, plural: str, n: int, **values: object) -> str:
        text = self._catalogue.ngettext(singular, plural, n)
        if text in (singular, plural):
            raise MissingText(singular)
        return text.format(n=n, **values)

    def has(self, key: str) -> bool:
        return self._catalogue.gettext(key) != key

    def number(self, value: float, digits: int = 0) -> str:
        """`3,9` in Azerbaijani and Russian, `3.9` in English (CLDR symbols)."""
        from babel.numbers import format_decimal

        pattern = "#,##0" + ("." + "0" * digits if digits > 0 else "")
        return str(format_decimal(value, format=pattern, locale=self.locale))

    def percent(self, value: float, digits: int = 1) -> str:
        """`33,3%` for 33.3 (a value in per cent, not a fraction)."""
        from babel.numbers import format_percent

        pattern = "#,##0" + ("." + "0" * digits if digits > 0 else "") + "%"
        return str(format_percent(value / 100, format=pattern, locale=self.locale))

    def date(self, day: dt.date, fmt: str = "medium") -> str:
        """A date by CLDR width (`short`, `medium`, `long`, `full`) or a CLDR pattern."""
        from babel.dates import format_date

        return str(format_date(day, format=fmt, locale=self.locale))

    def time(self, moment: dt.time | dt.datetime, fmt: str = "HH:mm") -> str:
        from babel.dates import format_time

        return str(format_time(moment, format=fmt, locale=self.locale))

    def datetime(self, moment: dt.datetime, fmt: str = "medium") -> str:
        from babel.dates import format_datetime

        return str(format_datetime(moment, format=fmt, locale=self.locale))

    def weekday_name(self, day: dt.date, width: Literal["wide", "abbreviated"] = "wide") -> str:
        from babel.dates import get_day_names

        return str(get_day_names(width, "format", self.locale)[day.weekday()])

    def month_name(
        self,
        month: int,
        width: Literal["wide", "abbreviated"] = "wide",
        context: Literal["format", "stand-alone"] = "format",
    ) -> str:
        from babel.dates import get_month_names

        return str(get_month_names(width, context, self.locale)[month])

    def template_context(self) -> dict[str, Callable[..., Any]]:
        """What `jinja2.ext.i18n` templates call: `_()`/`gettext`, `ngettext`, `plural`…"""
        return {
            "gettext": self.__call__,
            "ngettext": self.ngettext,
            "plural": self.plural,
            "format_number": self.number,
            "format_date": self.date,
        }
