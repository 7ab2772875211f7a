"""The catalogue as key → {language: text}, for tests that look at the words themselves."""

from __future__ import annotations

from functools import cache
from importlib import resources

from babel.messages.pofile import read_po

LANGUAGES = ("az", "ru", "en")


@cache
def catalogue_texts(*prefixes: str) -> dict[str, dict[str, str]]:
    """Every message whose key starts with one of `prefixes`; a plural message gives
    its last (general) form."""
    texts: dict[str, dict[str, str]] = {}
    for lang in LANGUAGES:
        path = resources.files("assets").joinpath(f"locale/{lang}/LC_MESSAGES/asanq.po")
        with path.open("rb") as f:
            for message in read_po(f, locale=lang):
                key = message.id if isinstance(message.id, str) else message.id[0]
                if not key or not key.startswith(prefixes):
                    continue
                string = message.string
                text = string if isinstance(string, str) else string[-1]
                texts.setdefault(key, {})[lang] = text
    return texts
