"""`asan-queue server --access-log` as a real process: request lines with personal data
in their query string (URL-encoded, as browsers send it) reach the log masked."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import requests


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_access_log_masks_url_encoded_e_mails_and_phones(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'central.db'}"
    env = {**os.environ, "ASANQ_DEMO": "true", "ASANQ_SERVER__JOBS": "false"}
    cmd = [sys.executable, "-m", "kiosk_app.cli.main", "server"]
    prepared = subprocess.run(
        [*cmd, "prepare-demo", "--db", db], env=env, capture_output=True, text=True, timeout=60
    )
    assert prepared.returncode == 0, prepared.stderr
    port = _free_port()
    proc = subprocess.Popen(
        [*cmd, "--db", db, "--port", str(port), "--access-log"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while True:
            try:
                requests.get(f"{base}/healthz", timeout=1)
                break
            except requests.ConnectionError:
                assert time.monotonic() < deadline, "server did not start"
                time.sleep(0.05)
        answer = requests.get(
            f"{base}/api/v1/bookings/123456789012?email=aysel%40mail.az&phone=%2B994501234567",
            timeout=5,
        )
        assert answer.status_code in (404, 422)
    finally:
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=30)
    assert "/api/v1/bookings/123456789012" in err  # the request line was logged
    assert "a***@mail.az" in err
    assert "aysel" not in err
    assert "501234567" not in err
