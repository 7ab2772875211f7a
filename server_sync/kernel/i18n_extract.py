"""Babel extractors for our calls: Babel's own Python and Jinja2 extractors, plus
`plural("key", n)`, whose plural id is `key + ".plural"` (see `Translator.plural`).

Named in `babel.cfg`; `make i18n` and the catalogue tests run them.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping
from typing import IO, Any

KEYWORDS: dict[str, Any] = {
    "_": None,
    "gettext": None,
    "ngettext": (1, 2),
    "N_": None,
    "tr": None,
    "plural": (1, 2),
}

_Result = tuple[int, str, Any, list[str]]


def _with_plural_ids(results: Iterator[_Result]) -> Iterator[_Result]:
    for lineno, funcname, messages, comments in results:
        if funcname == "plural":
            first = messages[0] if isinstance(messages, list | tuple) else messages
            if isinstance(first, str):
                messages = (first, first + ".plural")
        yield lineno, funcname, messages, comments


def extract_python(
    fileobj: IO[bytes],
    keywords: Collection[str],
    comment_tags: Collection[str],
    options: Mapping[str, Any],
) -> Iterator[_Result]:
    from babel.messages.extract import extract_python as babel_python

    yield from _with_plural_ids(
        babel_python(fileobj, keywords, comment_tags, options)  # type: ignore[arg-type]
    )


def extract_jinja2(
    fileobj: IO[bytes],
    keywords: Collection[str],
    comment_tags: Collection[str],
    options: Mapping[str, Any],
) -> Iterator[_Result]:
    from jinja2.ext import babel_extract

    yield from _with_plural_ids(
        babel_extract(fileobj, keywords, comment_tags, options)  # type: ignore[arg-type]
    )
