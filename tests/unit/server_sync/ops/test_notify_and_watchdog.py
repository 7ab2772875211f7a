"""The sd_notify client against a real datagram socket, and the agent's watchdog rule:
ping while the store answers, even with the central service down; stop when it does not."""

from __future__ import annotations

import os
import socket
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from server_sync.ops.notify import Notifier
from server_sync.ops.watchdog import StoreWatchdog
from tests.unit.server_sync.ops.notify_socket import NotifySocket


@pytest.fixture
def notify(tmp_path: Path) -> Iterator[NotifySocket]:
    listener = NotifySocket(tmp_path)
    yield listener
    listener.close()


def test_ready_status_watchdog_reach_the_socket(notify: NotifySocket) -> None:
    n = Notifier.from_env({"NOTIFY_SOCKET": str(notify.path), "WATCHDOG_USEC": "30000000"})
    assert n.enabled
    assert n.ping_interval_s == 15.0
    n.ready("showing the home screen")
    n.watchdog()
    n.stopping()
    assert notify.wait_for("STOPPING=1")
    assert notify.lines() == [
        "READY=1\nSTATUS=showing the home screen",
        "WATCHDOG=1",
        "STOPPING=1",
    ]
    n.close()


def test_abstract_socket_address() -> None:
    name = f"asanq-test-{uuid.uuid4().hex}"
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind("\0" + name)
    sock.settimeout(2)
    try:
        n = Notifier(f"@{name}")
        n.ready()
        n.close()
        assert sock.recv(100) == b"READY=1"
    finally:
        sock.close()


def test_outside_systemd_nothing_happens() -> None:
    n = Notifier.from_env({})
    assert not n.enabled
    assert n.ping_interval_s is None
    n.ready()
    n.watchdog()  # no socket, no error


def test_a_watchdog_meant_for_another_process_is_ignored(notify: NotifySocket) -> None:
    env = {"NOTIFY_SOCKET": str(notify.path), "WATCHDOG_USEC": "1000000"}
    assert Notifier.from_env({**env, "WATCHDOG_PID": str(os.getpid())}).ping_interval_s == 0.5
    assert Notifier.from_env({**env, "WATCHDOG_PID": "1"}).ping_interval_s is None


def test_a_vanished_manager_is_a_warning_not_a_crash(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    n = Notifier(str(tmp_path / "gone.sock"))
    n.watchdog()
    n.close()
    assert "cannot notify systemd" in caplog.text


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_agent_pings_while_the_store_answers_and_stops_when_it_does_not(
    notify: NotifySocket,
) -> None:
    clock = Clock()
    store_fails = False

    def backlog() -> int:
        if store_fails:
            raise OSError("disk I/O error")
        return 0

    n = Notifier(str(notify.path), watchdog_usec=20_000_000)  # pings due every 10 s
    dog = StoreWatchdog(n, backlog, monotonic=clock)
    dog.round_done()  # the first round that reached the store: READY
    for _ in range(8):  # a round every 5 s (central up or down, no matter)
        clock.now += 5
        dog.round_done()
    assert notify.wait_for("WATCHDOG=1", 8)
    assert notify.lines()[0] == "READY=1\nSTATUS=syncing"
    pings = len(notify.times_of("WATCHDOG=1"))
    store_fails = True
    for _ in range(6):
        clock.now += 5
        dog.round_done()
    assert dog.failed
    store_fails = False
    clock.now += 5
    dog.round_done()
    assert notify.wait_for("WATCHDOG=1", pings + 1)
    assert len(notify.times_of("WATCHDOG=1")) == pings + 1  # nothing while it failed
    assert len(notify.times_of("READY=1")) == 1
    n.close()
