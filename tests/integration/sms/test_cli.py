"""`asan-queue sms-emulator` as a process, with the SMPP adapter sending through it."""

from __future__ import annotations

import json
import logging
import re
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk_app.cli.main import main
from server_sync.config import SmsSettings
from server_sync.sms import SmsMessage, SmsPermanentError, sender_from_url


@pytest.fixture(autouse=True)
def _plain_settings(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.delenv("ASANQ_CONFIG", raising=False)
    root = logging.getLogger()
    before, level = list(root.handlers), root.level
    yield
    for handler in root.handlers:  # main() set up logging on this test's captured stderr
        if handler not in before:
            root.removeHandler(handler)
    root.setLevel(level)


def _start(out: Path, *extra: str) -> tuple[subprocess.Popen[str], str]:
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "kiosk_app.cli.main",
            "sms-emulator",
            "--port",
            "0",
            "--out",
            str(out),
            *extra,
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert process.stdout is not None
    banner = process.stdout.readline()
    match = re.search(r"sms\.url = (smpp://\S+);", banner)
    assert match, banner
    assert str(out.resolve()) in banner
    return process, match.group(1)


def test_the_emulator_process_takes_messages_and_stops_on_sigterm(tmp_path: Path) -> None:
    out = tmp_path / "sms"
    process, url = _start(out, "--system-id", "centre1", "--password", "pw")
    try:
        assert url.startswith("smpp://centre1:pw@127.0.0.1:")
        sender = sender_from_url(url, SmsSettings(timeout_s=5))
        result = sender.send(SmsMessage("+994501234567", "Sifariş kodunuz: 1234 5678 9012"))
        sender.close()
        [stored] = [json.loads(p.read_text("utf-8")) for p in out.glob("sms-*.json")]
        assert stored["text"] == "Sifariş kodunuz: 1234 5678 9012"
        assert stored["data_coding"] == 8
        assert stored["message_ids"] == list(result.message_ids)
    finally:
        process.send_signal(signal.SIGTERM)
        rest, _ = process.communicate(timeout=30)
    assert process.returncode == 0
    assert "1 message(s)" in rest


def test_a_refusing_emulator_process(tmp_path: Path) -> None:
    process, url = _start(tmp_path / "sms", "--fault", "refuse", "--refuse-status", "0x0B")
    try:
        sender = sender_from_url(url, SmsSettings(timeout_s=20))  # a loaded CI machine
        with pytest.raises(SmsPermanentError, match="ESME_RINVDSTADR"):
            sender.send(SmsMessage("+994501234567", "hi"))
        sender.close()
    finally:
        process.send_signal(signal.SIGINT)
        process.communicate(timeout=30)
    assert process.returncode == 0


def test_a_busy_port_is_one_clear_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        code = main(["sms-emulator", "--port", str(port), "--out", str(tmp_path)])
    assert code == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [
        f"asan-queue sms-emulator: cannot listen on 127.0.0.1:{port}: Address already in use"
    ]


@pytest.mark.parametrize(
    ("args", "why"),
    [
        (["--port", "70000"], "--port"),
        (["--password", "much-too-long"], "--password at most 8"),
    ],
)
def test_bad_arguments(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], why: str
) -> None:
    assert main(["sms-emulator", "--out", str(tmp_path), *args]) == 2
    assert why in capsys.readouterr().err
