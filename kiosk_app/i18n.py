"""Screen texts in Azerbaijani, Russian and English, from `assets/i18n/<name>.json`.

Each file maps a key to `{"az": …, "ru": …, "en": …}`; texts may hold
`{placeholders}`. A missing language falls back to Azerbaijani; a missing key
is our bug, so it raises at once in tests rather than showing a blank.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources

LANGUAGES = ("az", "ru", "en")


@cache
def _catalog(name: str) -> dict[str, dict[str, str]]:
    text = resources.files("assets").joinpath(f"i18n/{name}.json").read_text("utf-8")
    data: dict[str, dict[str, str]] = json.loads(text)
    return data


class Translator:
    """`tr("take_ticket")` in the current language; switch with `language = "ru"`."""

    def __init__(self, catalog: str, language: str = "az") -> None:
        self.catalog = catalog
        self.language = language if language in LANGUAGES else "az"

    def __call__(self, key: str, **values: object) -> str:
        entry = _catalog(self.catalog)[key]
        text = entry.get(self.language) or entry["az"]
        return text.format(**values) if values else text

    def keys(self) -> set[str]:
        return set(_catalog(self.catalog))
