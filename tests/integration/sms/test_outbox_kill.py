"""The SMS outbox survives a kill -9 of its sending process mid-burst: after a
restart every queued SMS is in the SMPP emulator's store exactly once (issue 15,
"done when"). The sender is the real command, `asan-queue server send-sms --loop`."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections import Counter
from pathlib import Path

import sqlalchemy as sa

from server_sync.config import SmsSettings
from server_sync.kernel.clock import SystemClock
from server_sync.services.sms_outbox import QueuedSms, SmsOutbox, enqueue_sms
from server_sync.sms.emulator import SmscEmulator, SmscFault
from server_sync.store.db import create_store_engine
from server_sync.store.migrate import upgrade
from server_sync.store.tables import sms_outbox
from tests.integration.sms.conftest import wait_until

SECRET = "kill-test-secret"
LONG = "Hörmətli vətəndaş, " + "ASAN xidmət mərkəzində növbəniz qeydə alındı. " * 3


def texts(count: int) -> list[str]:
    """GSM 7-bit, UCS-2 and three-part UCS-2 texts, each its own."""
    made = []
    for n in range(count):
        if n % 3 == 0:
            made.append(f"ASAN: order code {n:04d}")
        elif n % 3 == 1:
            made.append(f"ASAN: sifariş kodu {n:04d}, növbəniz təsdiqləndi")
        else:
            made.append(f"{LONG}#{n:04d}")
    return made


def sender_process(db_url: str, smsc: SmscEmulator, tmp_path: Path) -> subprocess.Popen[bytes]:
    env = dict(os.environ)
    env.pop("ASANQ_CONFIG", None)
    env.update(
        ASANQ_SMS__URL=smsc.url,
        ASANQ_SMS__LEASE_S="1",
        ASANQ_SMS__TIMEOUT_S="2",
        ASANQ_SMS__PER_PHONE_PER_HOUR="1000",
        ASANQ_SERVER__SECRET_KEY=SECRET,
        ASANQ_SMTP__OUTBOX_DIR=str(tmp_path / "mail"),
    )
    command = [sys.executable, "-m", "kiosk_app.cli.main", "server", "send-sms", "--loop"]
    return subprocess.Popen(
        [*command, "--db", db_url, "--interval", "0.1"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def test_kill_9_mid_burst_loses_nothing_and_doubles_nothing(tmp_path: Path) -> None:
    db_url = f"sqlite:///{tmp_path / 'central.db'}"
    engine = create_store_engine(db_url, 5)
    upgrade(engine)
    queued = texts(150)
    now = SystemClock().now()
    with engine.begin() as conn:
        for n, text in enumerate(queued):
            sms = QueuedSms("test", f"+99450{n % 10}0{n:05d}", "az", text)
            enqueue_sms(conn, sms_outbox, sms, now, SECRET)
    # Each answer a little late, so the kill is likely to land between ask and answer.
    with SmscEmulator(tmp_path / "smsc", fault=SmscFault.SLOW, slow_s=0.01) as smsc:
        first = sender_process(db_url, smsc, tmp_path)
        try:
            assert wait_until(lambda: len(smsc.messages) >= 40, timeout=60)
        finally:
            first.send_signal(signal.SIGKILL)
            first.wait(10)
        got_before = len(smsc.messages)
        assert got_before < len(queued)  # killed mid-burst
        with engine.connect() as conn:
            c = sms_outbox.c
            in_doubt = conn.execute(
                sa.select(sa.func.count()).where(c.submitted_at.is_not(None) & c.sent_at.is_(None))
            ).scalar_one()
        assert in_doubt <= 1  # one sender, one SMS at a time between ask and answer

        second = sender_process(db_url, smsc, tmp_path)
        outbox = SmsOutbox(engine, sms_outbox, None, SmsSettings(), SystemClock())
        try:
            assert wait_until(lambda: outbox.pending() == 0, timeout=120)
        finally:
            second.send_signal(signal.SIGTERM)
            second.wait(10)
        stored = Counter(m.text for m in smsc.messages)
    engine.dispose()
    assert sum(stored.values()) == len(queued)
    assert stored == Counter(queued)  # every one, once
    long_ones = [m for m in smsc.messages if m.text and m.text.startswith(LONG)]
    assert {len(m.parts) for m in long_ones} == {3}
    assert {m.data_coding for m in long_ones} == {8}  # UCS-2 for ə, ö, ş
    assert all(p.udh[:3] == b"\x05\x00\x03" for m in long_ones for p in m.parts)
    gsm = [m for m in smsc.messages if m.text and m.text.startswith("ASAN: order code")]
    assert {m.data_coding for m in gsm} == {0}
