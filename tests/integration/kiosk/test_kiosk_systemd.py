"""The real kiosk process under a systemd-like `$NOTIFY_SOCKET`: READY=1 after its first
frame, WATCHDOG=1 at half the unit's WatchdogSec, and SIGTERM still ends it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from kiosk_app.services.kiosk.pin import hash_pin
from tests.unit.server_sync.ops.notify_socket import NotifySocket

PRINTER = ("--printer", "dummy://")


def test_kiosk_says_ready_after_its_first_frame_and_pings_the_watchdog(
    kiosk_store: str, qt_offscreen: dict[str, str], tmp_path: Path
) -> None:
    notify = NotifySocket(tmp_path)
    env = {
        **os.environ,
        **qt_offscreen,
        "ASANQ_KIOSK__EXIT_PIN_HASH": hash_pin("482915"),
        "NOTIFY_SOCKET": str(notify.path),
        "WATCHDOG_USEC": "400000",  # WatchdogSec=0.4: a ping every 0.2 s
        "ASANQ_LOG__LEVEL": "WARNING",
    }
    proc = subprocess.Popen(
        [sys.executable, "-m", "kiosk_app.cli.main", "kiosk", "--db", kiosk_store, *PRINTER],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert notify.wait_for("READY=1", timeout=60), proc.stderr and proc.poll()
        assert notify.wait_for("WATCHDOG=1", count=3, timeout=30)
        ready_at = notify.times_of("READY=1")[0]
        assert all(t >= ready_at for t in notify.times_of("WATCHDOG=1"))
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
