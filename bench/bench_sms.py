"""SMS throughput through the SMPP adapter and our SMSC emulator on loopback.

Three kinds of message, each sent one after another over one bound transmitter
link (the emulator stores each as JSON, so this includes its disk writes): a short
GSM 7-bit text, a short Azerbaijani (UCS-2) text, and a 3-part long text. Prints
messages (and parts) per second, the median of 3 runs.

    .venv/bin/python bench/bench_sms.py [--messages 300]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from server_sync.config import SmsSettings
from server_sync.sms import SmsMessage
from server_sync.sms.emulator import SmscEmulator
from server_sync.sms.smpp import SmppSender
from server_sync.sms.url import SmppAddress, parse_sms_url

KINDS = {
    "short GSM 7-bit": "Your order code: 1234 5678 9012. Baku ASAN 1, 24.11 at 10:30.",
    "Azerbaijani UCS-2": "Sifariş kodunuz: 1234 5678 9012. Bakı, 24.11 saat 10:30.",
    "3-part long": ("Hörmətli vətəndaş, növbəniz yaxınlaşır; pəncərəyə yaxınlaşın. " * 3)[:190],
}


def run(kind: str, text: str, count: int, folder: Path) -> tuple[float, int]:
    with SmscEmulator(folder) as smsc:
        address = parse_sms_url(smsc.url)
        assert isinstance(address, SmppAddress)
        sender = SmppSender(address, SmsSettings(timeout_s=5))
        sender.send(SmsMessage("+994501234567", "warm-up"))  # bind outside the timing
        started = time.perf_counter()
        parts = 0
        for n in range(count):
            parts += sender.send(SmsMessage("+994501234567", text, reference=f"{kind}-{n}")).parts
        elapsed = time.perf_counter() - started
        assert len(smsc.wait_for_messages(count + 1, 10)) == count + 1
        sender.close()
    return count / elapsed, parts // count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=300)
    args = parser.parse_args()
    print(f"SMS through SMPP to the loopback emulator, {args.messages} messages a run, median of 3")
    with tempfile.TemporaryDirectory() as tmp:
        for i, (kind, text) in enumerate(KINDS.items()):
            rates = []
            for r in range(3):
                rate, parts = run(kind, text, args.messages, Path(tmp) / f"{i}-{r}")
                rates.append(rate)
            median = statistics.median(rates)
            print(
                f"  {kind:<18} {len(text):>3} chars, {parts} part(s): "
                f"{median:7.0f} messages/s ({median * parts:7.0f} parts/s)"
            )


if __name__ == "__main__":
    main()
