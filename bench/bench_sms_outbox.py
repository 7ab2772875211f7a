"""SMS throughput through the durable outbox: queued in the store, claimed, sent over
SMPP to our SMSC emulator on loopback, marked sent (three commits an SMS: the claim
batch, "submitted", "sent"), as the background jobs and `asan-queue server send-sms`
do. The emulator runs as its own process (`asan-queue sms-emulator`), as an SMS
centre would, so it takes no time from the sender's interpreter. Three kinds of text
(GSM 7-bit, Azerbaijani UCS-2, 3-part UCS-2); prints messages (and parts) per
second, the median of 3 runs.

    .venv/bin/python bench/bench_sms_outbox.py [--messages 300] [--db postgresql://…]

Without --db each run uses a fresh SQLite file; with --db (an empty PostgreSQL
database) each run migrates it and empties the outbox first.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from server_sync.config import SmsSettings
from server_sync.kernel.clock import SystemClock
from server_sync.services.sms_outbox import QueuedSms, SmsOutbox, enqueue_sms
from server_sync.sms.smpp import SmppSender
from server_sync.sms.url import SmppAddress, parse_sms_url
from server_sync.store.db import create_store_engine
from server_sync.store.migrate import upgrade
from server_sync.store.tables import sms_outbox

KINDS = {
    "short GSM 7-bit": "Your order code: 1234 5678 9012. Baku ASAN 1, 24.11 at 10:30.",
    "Azerbaijani UCS-2": "Sifariş kodunuz: 1234 5678 9012. Bakı, 24.11 saat 10:30.",
    "3-part long": ("Hörmətli vətəndaş, növbəniz yaxınlaşır; pəncərəyə yaxınlaşın. " * 3)[:190],
}


def run(text: str, count: int, folder: Path, db_url: str) -> tuple[float, int]:
    engine = create_store_engine(db_url, 5)
    upgrade(engine)
    clock = SystemClock()
    with engine.begin() as conn:
        conn.execute(sms_outbox.delete())
        for n in range(count):
            phone = f"+99450{n % 10}0{n:05d}"  # many phones: the hourly limit never bites
            enqueue_sms(conn, sms_outbox, QueuedSms("bench", phone, "az", text), clock.now(), "s")
    out = folder / "smsc"
    emulator, url = start_emulator(out)
    try:
        address = parse_sms_url(url)
        assert isinstance(address, SmppAddress)
        sender = SmppSender(address, SmsSettings(timeout_s=5))
        sender.open()  # bind outside the timing
        outbox = SmsOutbox(engine, sms_outbox, sender, SmsSettings(), clock)
        started = time.perf_counter()
        while outbox.send_due() > 0:
            pass
        elapsed = time.perf_counter() - started
        sender.close()
        deadline = time.monotonic() + 10
        while len(list(out.glob("*.json"))) < count and time.monotonic() < deadline:
            time.sleep(0.05)
        stored = sorted(out.glob("*.json"))
        assert len(stored) == count, (len(stored), count)
        parts = len(json.loads(stored[0].read_text(encoding="utf-8"))["parts"])
    finally:
        emulator.terminate()
        emulator.wait(10)
    engine.dispose()
    return count / elapsed, parts


def start_emulator(out: Path) -> tuple[subprocess.Popen[str], str]:
    """`asan-queue sms-emulator` on a free port; its sms.url from the banner."""
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
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert process.stdout is not None
    found = re.search(r"sms\.url = (smpp://\S+);", process.stdout.readline())
    assert found, "the emulator did not start"
    return process, found.group(1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=300)
    parser.add_argument("--db", help="an empty PostgreSQL database (default: SQLite files)")
    args = parser.parse_args()
    store = "PostgreSQL" if args.db else "SQLite"
    print(f"SMS through the outbox ({store}) and SMPP to the loopback emulator,")
    print(f"{args.messages} messages a run, median of 3")
    with tempfile.TemporaryDirectory() as tmp:
        for i, (kind, text) in enumerate(KINDS.items()):
            rates = []
            for r in range(3):
                folder = Path(tmp) / f"{i}-{r}"
                folder.mkdir()
                db_url = args.db or f"sqlite:///{folder / 'central.db'}"
                rate, parts = run(text, args.messages, folder, db_url)
                rates.append(rate)
            median = statistics.median(rates)
            print(
                f"  {kind:<18} {len(text):>3} chars, {parts} part(s): "
                f"{median:7.0f} messages/s ({median * parts:7.0f} parts/s)"
            )


if __name__ == "__main__":
    main()
