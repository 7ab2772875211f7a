"""Ticket printing figures: slip -> bytes time, bytes per ticket, printing over the emulator.

Targets (issue 4): <= 20 ms from ticket object to bytes, <= 20 KB for a typical
80 mm ticket with its QR. Seconds on a serial line are for 8N1 (10 bits a byte).

    .venv/bin/python bench/bench_printing.py
"""

from __future__ import annotations

import statistics
import tempfile
import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from hardware.config import PrinterSettings
from hardware.emulator import PrinterEmulator
from hardware.printing import job_to_bytes, layout_ticket, open_printer
from kiosk_app.services.kiosk.ticket_words import all_samples, sample_slip

ISSUED = datetime(2025, 11, 24, 9, 5, tzinfo=ZoneInfo("Asia/Baku"))
TARGET_MS, TARGET_BYTES = 20.0, 20_000


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def bench_encoding() -> bool:
    slip = sample_slip("az", ISSUED, booking=True)
    started = time.perf_counter()
    job_to_bytes(layout_ticket(slip, 80))
    cold = time.perf_counter() - started
    times = []
    for i in range(200):
        varied = sample_slip("az", ISSUED, booking=True, number=f"A{i:03d}")
        started = time.perf_counter()
        job_to_bytes(layout_ticket(varied, 80))
        times.append(time.perf_counter() - started)
    median, p95 = statistics.median(times), sorted(times)[int(len(times) * 0.95)]
    print(
        f"ticket -> bytes (80 mm, az booking): median {_ms(median)}, p95 {_ms(p95)}, "
        f"first call {_ms(cold)} (fonts loading); target <= {TARGET_MS:.0f} ms"
    )
    return p95 * 1000 <= TARGET_MS


def bench_sizes() -> bool:
    ok = True
    print(f"{'ticket':<22}{'bytes':>8}{'115200 Bd':>11}{'9600 Bd':>10}")
    for width in (80, 58):
        for name, slip in all_samples(ISSUED).items():
            size = len(job_to_bytes(layout_ticket(slip, width)))
            fast_s, slow_s = size * 10 / 115200, size * 10 / 9600
            print(f"{width} mm {name:<16}{size:>8}{fast_s:>10.2f}s{slow_s:>9.1f}s")
            if width == 80:
                ok = ok and size <= TARGET_BYTES
    return ok


def bench_emulator(rounds: int = 20) -> None:
    job = layout_ticket(sample_slip("ru", ISSUED, booking=True), 80)
    with tempfile.TemporaryDirectory() as tmp, PrinterEmulator(Path(tmp)) as emulator:
        printer = open_printer(PrinterSettings(url=emulator.url))
        printed, on_paper = [], []
        for n in range(1, rounds + 1):
            started = time.perf_counter()
            printer.print_job(job)
            printed.append(time.perf_counter() - started)
            emulator.wait_for_jobs(n, timeout=10)
            on_paper.append(time.perf_counter() - started)
    print(
        f"print over the emulator (network, loopback, status before and after): "
        f"median {_ms(statistics.median(printed))} per ticket; "
        f"PNG rendered and saved after {_ms(statistics.median(on_paper))}"
    )


def main() -> int:
    fast = bench_encoding()
    small = bench_sizes()
    bench_emulator()
    print(f"targets: time {'met' if fast else 'MISSED'}, size {'met' if small else 'MISSED'}")
    return 0 if fast and small else 1


if __name__ == "__main__":
    raise SystemExit(main())
