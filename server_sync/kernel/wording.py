"""Phrases that several front-ends show, built once from catalogue keys.

People ahead and the estimated wait read the same on the kiosk screen, the
printed ticket, the status page and the CLI, because they are built here.
"""

from __future__ import annotations

import re
from datetime import date

from server_sync.kernel.i18n import Translator

NBSP = "\u00a0"  # keeps a number with its unit when a line wraps
_NUMBER_SPACE = re.compile(r"(\d) (?=\S)")


def glue_numbers(text: str) -> str:
    """`5 nəfər` → `5\u00a0nəfər`: a number never ends a line without its unit."""
    return _NUMBER_SPACE.sub(rf"\1{NBSP}", text)


def people_ahead(tr: Translator, count: int) -> str:
    """`Sizdən əvvəl 3 nəfər`, `Перед вами 3 человека`, or "nobody" for 0."""
    if count <= 0:
        return tr("common.nobody_ahead")
    return tr.plural("common.people_ahead", count)


def wait_duration(tr: Translator, minutes: int) -> str:
    """`~12 dəq`, `~1 ч 15 мин`, `under a minute`."""
    if minutes < 1:
        return tr("common.duration.under_minute")
    hours, rest = divmod(minutes, 60)
    parts = [tr("common.duration.hours", n=hours)] if hours else []
    if rest or not hours:
        parts.append(tr("common.minutes", n=rest))
    return tr("common.duration.about", duration=" ".join(parts))


def labelled(tr: Translator, label: str, value: str) -> str:
    """`Label: value` in the language's punctuation."""
    return tr("common.label_value", label=label, value=value)


def estimated_wait(tr: Translator, minutes: int) -> str:
    """`Təxmini gözləmə: ~12 dəq`: one wording on every screen and paper."""
    return labelled(tr, tr("common.estimated_wait"), wait_duration(tr, minutes))


def long_date(tr: Translator, day: date) -> str:
    """`Çərşənbə, 25 noyabr 2026`: the catalogue's pattern, CLDR's month and weekday names."""
    return tr.date(day, tr("common.date.full"))
