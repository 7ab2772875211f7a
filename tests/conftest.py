"""Fixtures shared by every test: stores on SQLite and PostgreSQL, clocks, Qt offscreen.

PostgreSQL tests use `ASANQ_TEST_PG_URL` (default: the local `test` database).
Each test session creates its own database there and drops it at the end, so
parallel runs never collide. Without a server they are skipped with a loud
message, except in CI (`CI=true`) or with `ASANQ_REQUIRE_PG=1`, where a missing
server fails the run: CI must test PostgreSQL, not skip it.
"""

from __future__ import annotations

import importlib.util
import logging
import os
import uuid
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from server_sync.kernel.clock import BAKU, FixedClock
from tests.pii_guard import GuardHandler, find_pii

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("PYTEST_QT_API", "pyside6")

# Tests that need Qt are marked `gui` here, from the fixtures they use, never by hand;
# without PySide6 and pytest-qt (`make test-core`) the Qt test folders are not collected.
HAS_QT = all(importlib.util.find_spec(name) is not None for name in ("PySide6", "pytestqt"))
QT_FIXTURES = frozenset({"qtbot", "qapp", "qtlog", "qtmodeltester", "qt_offscreen"})
# (the counter's application screen runs against the sync fixtures, so it sits beside them)
QT_MODULES = ["gui/*", "integration/sync/test_counter_application_screen.py"]
collect_ignore_glob = [] if HAS_QT else QT_MODULES


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if QT_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.gui)
            if HAS_QT:
                item.add_marker(pytest.mark.qt_log_level_fail("WARNING"))


@pytest.fixture
def qt_offscreen() -> dict[str, str]:
    """Environment for a child process that starts Qt (a kiosk, a PDF report) with no
    screen; using it marks the test `gui`."""
    if not HAS_QT:
        pytest.skip("PySide6 is not installed")
    return {"QT_QPA_PLATFORM": "offscreen"}


DEFAULT_PG = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def _pg_required() -> bool:
    return os.environ.get("CI", "").lower() == "true" or os.environ.get("ASANQ_REQUIRE_PG") == "1"


@pytest.fixture(scope="session")
def pg_server_url() -> str:
    """URL of a reachable PostgreSQL server's maintenance database, or skip/fail."""
    url = os.environ.get("ASANQ_TEST_PG_URL", DEFAULT_PG)
    try:
        engine = create_engine(url, connect_args={"connect_timeout": 3})
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        engine.dispose()
    except OperationalError as exc:
        message = f"PostgreSQL not reachable at {url}: {str(exc.orig).splitlines()[0]}"
        if _pg_required():
            pytest.fail(message + " (required in CI)")
        pytest.skip("!!! " + message + " — PostgreSQL tests SKIPPED !!!")
    return url


def _create_database(server_url: str, prefix: str) -> str:
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return make_url(server_url).set(database=name).render_as_string(hide_password=False)


def _drop_database(server_url: str, url: str) -> None:
    name = make_url(url).database
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture
def pg_database(pg_server_url: str) -> Iterator[str]:
    """A brand-new empty PostgreSQL database for one test, dropped afterwards."""
    url = _create_database(pg_server_url, "asanq_t")
    yield url
    _drop_database(pg_server_url, url)


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'centre.db'}"


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def empty_store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty store URL, once on SQLite and once on PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'centre.db'}"
    url: str = request.getfixturevalue("pg_database")
    return url


@pytest.fixture
def store_url(empty_store_url: str) -> str:
    """A migrated store holding the test catalogue (SQLite and PostgreSQL)."""
    from tests.factories import migrated_store

    return migrated_store(empty_store_url)


@pytest.fixture
def clock() -> FixedClock:
    """Monday 23 November 2026, 10:00 in Baku: a working day at a Baku centre."""
    return FixedClock(datetime(2026, 11, 23, 10, 0, tzinfo=BAKU))


@pytest.fixture(scope="session")
def screenshot_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where tests save pictures for people to look at: `$ASANQ_SCREENSHOTS` when set,
    else a temporary folder (a test run writes nothing into the repository)."""
    chosen = os.environ.get("ASANQ_SCREENSHOTS")
    return Path(chosen) if chosen else tmp_path_factory.mktemp("screenshots")


_GUARD = GuardHandler()


def pytest_sessionstart(session: pytest.Session) -> None:
    root = logging.getLogger()
    root.addHandler(_GUARD)
    if root.level > logging.INFO:
        root.setLevel(logging.INFO)  # what every process of ours logs at


@pytest.fixture(autouse=True)
def no_personal_data_in_logs() -> Iterator[None]:
    """Fails the test when a log line it caused holds test personal data in clear; and
    takes away the log handlers a test installed (a `setup_logging()` bound to a stream
    that is closed once the test ends must not outlive it)."""
    root = logging.getLogger()
    if _GUARD not in root.handlers:
        root.addHandler(_GUARD)
    handlers, level = list(root.handlers), root.level
    before = len(_GUARD.violations)
    yield
    for handler in list(root.handlers):
        if handler not in handlers:
            root.removeHandler(handler)
            handler.close()
    for handler in handlers:
        if handler not in root.handlers:
            root.addHandler(handler)
    root.setLevel(level)
    found = _GUARD.violations[before:]
    if found:
        pytest.fail("personal data reached the log in clear:\n" + "\n".join(found))


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    outcome = yield
    report = outcome.get_result()
    leaks = [
        f"{title}: {pii}"
        for title, text in report.sections
        if "stderr" in title and (pii := find_pii(text))
    ]
    if leaks and report.passed:
        report.outcome = "failed"
        report.longrepr = "personal data reached stderr in clear:\n" + "\n".join(leaks)
