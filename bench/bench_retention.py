"""Pruning a centre's old rows while a kiosk issues tickets: does it block the kiosk?

    .venv/bin/python bench/bench_retention.py [--rows 100000] [--batch 500] [--pause-ms 20]

A store with a day of 1000 tickets (`bench_day_scaling.load_day`) and --rows sent
outbox events from two months ago. A kiosk (this process) issues walk-in tickets
one after the other, first alone for as long as the pruning will take, then while
`CentrePruner.run()` deletes the old rows in another process (as the sync agent
does; its own engine, SQLite's write lock between them). Printed: ticket latency
p50 / p99 / max in each phase, and the pruning's rows, time and batches.
Target: the longest ticket during pruning within a few batches' time of the longest
without (one batch holds the write lock for a few milliseconds).
"""

from __future__ import annotations

import argparse
import multiprocessing
import random
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench_day_scaling import CENTRE, NOW, load_day
from sqlalchemy import insert

from kiosk_app.services.kiosk.ticket_desk import Issued, TicketDesk
from kiosk_app.services.retention import CentrePruner
from kiosk_app.store import make_engine, write_tx
from kiosk_app.store.tables import outbox
from server_sync.catalogue_data import load_demo_catalogue
from server_sync.config import RetentionSettings
from server_sync.kernel.clock import FixedClock


def add_old_events(url: str, rows: int) -> None:
    engine = make_engine(url)
    old = NOW - timedelta(days=60)
    with write_tx(engine) as conn:
        for start in range(0, rows, 5000):
            conn.execute(
                insert(outbox),
                [
                    {
                        "idempotency_key": f"old-{i:012d}",
                        "kind": "called",
                        "booking_code": None,
                        "payload": {"number": f"A{i % 1000:03d}", "counter": i % 28},
                        "created_at": old,
                        "sent_at": old,
                        "attempts": 1,
                    }
                    for i in range(start, min(rows, start + 5000))
                ],
            )
    engine.dispose()


def prune(url: str, batch: int, pause_ms: int, done: multiprocessing.Queue) -> None:  # type: ignore[type-arg]
    engine = make_engine(url)
    settings = RetentionSettings(batch_rows=batch, pause_ms=pause_ms)
    start = time.perf_counter()
    pruned = CentrePruner(engine, settings, FixedClock(NOW)).run()
    done.put((pruned.outbox, time.perf_counter() - start))
    engine.dispose()


def figures(samples: list[float]) -> str:
    ordered = sorted(samples)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    return (
        f"{len(samples):5d} tickets  p50 {statistics.median(samples):6.1f} ms  "
        f"p99 {p99:6.1f} ms  max {ordered[-1]:6.1f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--batch", type=int, default=500)
    parser.add_argument("--pause-ms", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'centre.db'}"
        load_day(url, 1000)
        add_old_events(url, args.rows)
        engine = make_engine(url)
        cat = load_demo_catalogue()
        desk = TicketDesk(engine, FixedClock(NOW), cat, CENTRE, device_id="kiosk-1")
        services = sorted(s for s in cat.centres[CENTRE].service_ids if cat.services[s].walk_in)
        rng = random.Random(3)

        def issue() -> float:
            start = time.perf_counter()
            got = desk.issue_walk_in(rng.choice(services))
            assert isinstance(got, Issued), got
            return (time.perf_counter() - start) * 1000

        for _ in range(20):
            issue()  # warm
        done: multiprocessing.Queue = multiprocessing.Queue()  # type: ignore[type-arg]
        worker = multiprocessing.Process(target=prune, args=(url, args.batch, args.pause_ms, done))
        during: list[float] = []
        worker.start()
        while worker.is_alive() and done.empty():
            during.append(issue())
        rows, seconds = done.get()
        worker.join()
        alone = [issue() for _ in range(len(during))]
        engine.dispose()
    batches = -(-rows // args.batch)
    print(
        f"pruned {rows} outbox rows in {seconds:.1f} s ({batches} batches of {args.batch}, "
        f"pause {args.pause_ms} ms)"
    )
    print(f"without pruning: {figures(alone)}")
    print(f"during pruning:  {figures(during)}")


if __name__ == "__main__":
    main()
