"""What the check on opening a centre store costs against the size of the day.

    .venv/bin/python bench/bench_store_check.py [--sizes 1000,10000,100000] [--runs 5]

A store with a day of 1k / 10k / 100k tickets (`bench_day_scaling.load_day`) and
three outbox events per ticket (issued, called, served). Timed, median of --runs:

- `PRAGMA quick_check`, which `open_store` runs on every open (kiosk, staff,
  display, sync agent, one-shot commands);
- `open_store` as a whole (reachability, quick check, migration head);
- `PRAGMA integrity_check`, what `asan-queue db check` runs (not on open).

Each run opens a fresh engine (the pages come from the OS cache, as on a kiosk
restart). Target: the quick check under 100 ms at 100k tickets.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench_day_scaling import NOW, load_day
from sqlalchemy import insert, text

from kiosk_app.store import make_engine, write_tx
from kiosk_app.store.open_store import open_store
from kiosk_app.store.tables import outbox


def add_outbox(url: str, tickets: int) -> None:
    engine = make_engine(url)
    rows = [
        {
            "idempotency_key": f"{i:032x}",
            "kind": ("ticket_issued", "called", "served")[i % 3],
            "booking_code": None,
            "payload": {"number": f"A{i % 1000:03d}", "day": "2026-11-23", "counter": i % 28},
            "created_at": NOW - timedelta(seconds=i),
            "sent_at": NOW,
            "attempts": 1,
        }
        for i in range(tickets * 3)
    ]
    with write_tx(engine) as conn:
        for i in range(0, len(rows), 5000):
            conn.execute(insert(outbox), rows[i : i + 5000])
    engine.dispose()


def timed(fn: object, runs: int) -> float:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()  # type: ignore[operator]
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def pragma(url: str, name: str) -> None:
    engine = make_engine(url)
    with engine.connect() as conn:
        assert [r[0] for r in conn.execute(text(f"PRAGMA {name}"))] == ["ok"]
    engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    print(f"{'tickets':>8} {'file MB':>8} {'quick_check':>12} {'open_store':>11} {'integrity':>10}")
    for size in (int(s) for s in args.sizes.split(",")):
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "centre.db"
            url = f"sqlite:///{path}"
            load_day(url, size)
            add_outbox(url, size)
            quick = timed(lambda u=url: pragma(u, "quick_check"), args.runs)
            opened = timed(lambda u=url: open_store(u).dispose(), args.runs)
            full = timed(lambda u=url: pragma(u, "integrity_check"), args.runs)
            mb = path.stat().st_size / 1024 / 1024
            print(f"{size:>8} {mb:>8.1f} {quick:>10.1f}ms {opened:>9.1f}ms {full:>8.1f}ms")


if __name__ == "__main__":
    main()
