"""Which file a SQLite database URL names, read without a database library.

`asan-queue ticket` finds a running kiosk's socket beside the store file before it
decides whether it needs SQLAlchemy at all, so this reading must cost nothing;
`kiosk_app.store.engine.sqlite_path` uses it too, after SQLAlchemy has checked the
URL, so both always agree.
"""

from __future__ import annotations


def sqlite_file(url: str) -> str | None:
    """The database part of a `sqlite[+driver]:///…` URL as SQLAlchemy reads it
    (relative after three slashes, absolute after four, no query string), or None
    for another engine, an in-memory database or text that is not such a URL."""
    scheme, sep, rest = url.partition("://")
    if not sep or scheme.split("+", 1)[0] != "sqlite" or not rest.startswith("/"):
        return None
    database = rest[1:].split("?", 1)[0]
    if not database or database == ":memory:":
        return None
    return database
