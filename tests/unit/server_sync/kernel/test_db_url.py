"""The store file of a SQLite URL, read without SQLAlchemy, as SQLAlchemy reads it."""

from __future__ import annotations

import pytest
from sqlalchemy.engine import make_url

from server_sync.kernel.db_url import sqlite_file

URLS = [
    "sqlite:///var/centre.db",
    "sqlite:////var/lib/asan-queue/centre.db",
    "sqlite+pysqlite:///centre.db",
    "sqlite:///centre.db?timeout=30",
    "sqlite:///file:centre.db?mode=ro&uri=true",
    "sqlite:///a b/centre db.sqlite",
    "sqlite:///a%20b.db",
    "sqlite:///:memory:",
    "sqlite://",
    "sqlite:///",
    "postgresql+psycopg://asanq@localhost/asanq",
    "postgresql:///sqlite.db",
]


@pytest.mark.parametrize("url", URLS)
def test_the_file_is_the_one_sqlalchemy_opens(url: str) -> None:
    parsed = make_url(url)
    expected = (
        parsed.database
        if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:")
        else None
    )
    assert sqlite_file(url) == expected


@pytest.mark.parametrize("text", ["", "centre.db", "sqlite:", "sqlite:/x.db", "sqlitex:///a.db"])
def test_text_that_is_no_sqlite_url_names_no_file(text: str) -> None:
    assert sqlite_file(text) is None
