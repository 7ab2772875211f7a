"""The real `asan-queue sync` process under a systemd-like `$NOTIFY_SOCKET`: with the
central service unreachable it keeps pinging (the centre works offline), because its
store answers after every round."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
from pathlib import Path

from tests.factories import migrated_store
from tests.unit.server_sync.ops.notify_socket import NotifySocket


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_agent_pings_while_its_store_answers_even_with_the_link_down(tmp_path: Path) -> None:
    store = migrated_store(f"sqlite:///{tmp_path / 'centre.db'}")
    notify = NotifySocket(tmp_path)
    central = f"http://127.0.0.1:{closed_port()}"
    env = {
        **os.environ,
        "ASANQ_SYNC__TOKEN": "asq1_test",
        "ASANQ_SYNC__BACKOFF_BASE_S": "0.05",
        "ASANQ_SYNC__BACKOFF_MAX_S": "0.1",
        "ASANQ_SYNC__REQUEST_TIMEOUT_S": "1",
        "NOTIFY_SOCKET": str(notify.path),
        "WATCHDOG_USEC": "400000",
        "ASANQ_LOG__LEVEL": "ERROR",
    }
    proc = subprocess.Popen(
        [sys.executable, "-m", "kiosk_app.cli.main", "sync", "--db", store, "--central", central],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert notify.wait_for("READY=1", timeout=60)
        assert notify.wait_for("WATCHDOG=1", count=3, timeout=30)
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=15) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        assert proc.stderr is not None
        errors = proc.stderr.read()
        proc.stderr.close()
        notify.close()
    assert "Traceback" not in errors
