"""Displays hear of a call within milliseconds: LISTEN/NOTIFY on PostgreSQL,
a Unix datagram socket on one machine with SQLite."""

from __future__ import annotations

import select
import time
from pathlib import Path

import pytest

from kiosk_app.services.call_channel import (
    SocketListener,
    SocketPublisher,
    make_listener,
    make_publisher,
    notify_dir,
)
from kiosk_app.services.display.hall import HallFeed
from tests.integration.staff.conftest import Centre


def wait_readable(fd: int, seconds: float) -> bool:
    ready, _, _ = select.select([fd], [], [], seconds)
    return bool(ready)


def test_a_call_wakes_every_listener_and_the_feed_has_it(centre: Centre) -> None:
    listeners = [make_listener(centre.url), make_listener(centre.url)]
    publisher = make_publisher(centre.url)
    try:
        centre.kiosk.issue_walk_in("passport")
        desk = centre.desk(2)
        desk.publisher = publisher
        desk.open()
        started = time.perf_counter()
        assert desk.call_next().ok
        for listener in listeners:
            assert wait_readable(listener.fileno(), 1.0)  # at once; bench measures ms
            assert listener.drain()
            assert not listener.drain()  # drained
        elapsed = time.perf_counter() - started
        calls = HallFeed(centre.engine, centre.clock, "baku-1").after(0)
        assert [(c.number, c.counter, c.kind) for c in calls] == [("A001", 2, "call")]
        assert elapsed < 1.0
    finally:
        for listener in listeners:
            listener.close()


def test_nothing_is_sent_for_actions_the_display_does_not_show(centre: Centre) -> None:
    listener = make_listener(centre.url)
    try:
        desk = centre.desk(1)
        desk.publisher = make_publisher(centre.url)
        desk.open()
        desk.call_next()  # empty queue: no call, no wake-up
        assert not wait_readable(listener.fileno(), 0.05)
    finally:
        listener.close()


def test_a_dead_display_socket_is_cleared_away(tmp_path: Path) -> None:
    folder = tmp_path / "calls.d"
    gone = SocketListener(folder)
    alive = SocketListener(folder)
    gone._sock.close()  # the process died without cleaning up
    SocketPublisher(folder).published()
    assert not gone.path.exists()
    assert alive.drain()
    alive.close()


def test_socket_folder_stays_short_enough_for_unix_paths(tmp_path: Path) -> None:
    deep = tmp_path / ("x" * 90) / "centre.db"
    folder = notify_dir(f"sqlite:///{deep}")
    assert len(str(folder)) < 80
    assert folder == notify_dir(f"sqlite:///{deep}")  # every process finds the same one


@pytest.mark.postgres
def test_postgres_notify_is_sent_only_at_commit(pg_database: str) -> None:
    from sqlalchemy import text

    from kiosk_app.store import make_engine, write_tx
    from kiosk_app.store.queue_repo import CALLS_CHANNEL

    listener = make_listener(pg_database)
    engine = make_engine(pg_database)
    try:
        with write_tx(engine) as conn:
            conn.execute(text("SELECT pg_notify(:c, 'x')"), {"c": CALLS_CHANNEL})
            assert not wait_readable(listener.fileno(), 0.05)
        assert wait_readable(listener.fileno(), 1.0)
        assert listener.drain()
    finally:
        listener.close()
        engine.dispose()
