"""Centre store benchmark: ticket allocation with 16 concurrent issuer processes
(SQLite and PostgreSQL), and check-in lookup + rule evaluation with 100,000
bookings in the store. Prints figures; asserts only correctness (no duplicates).

    .venv/bin/python bench/bench_store.py [--processes 16] [--tickets 250] [--bookings 100000]
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import statistics
import sys
import tempfile
import time
import uuid
from concurrent.futures import ProcessPoolExecutor
from datetime import date, datetime, timedelta
from datetime import time as dtime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import make_url

from kiosk_app.domain.checkin import evaluate_check_in
from kiosk_app.services.demo_data import make_bookings
from kiosk_app.services.kiosk.ticket_desk import Issued, TicketDesk
from kiosk_app.store import booking_repo, make_engine, read_tx, tables, upgrade, write_tx
from kiosk_app.store.catalogue_repo import replace_catalogue
from server_sync.catalogue_data import load_demo_catalogue
from server_sync.kernel.checkin_window import CheckInWindow
from server_sync.kernel.clock import BAKU, FixedClock

PG = os.environ.get("ASANQ_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
NOW = datetime(2026, 11, 23, 11, 0, tzinfo=BAKU)


def _issuer(url: str, device: str, count: int, start: object) -> tuple[list[str], float]:
    engine = make_engine(url)
    desk = TicketDesk(engine, FixedClock(NOW), load_demo_catalogue(), "baku-1", device_id=device)
    service = next(s for s in sorted(desk.centre.service_ids) if desk.catalogue.services[s].walk_in)
    start.wait()  # type: ignore[attr-defined]
    t0 = time.perf_counter()
    numbers = []
    for i in range(count):
        issued = desk.issue_walk_in(service, request_id=f"{device}-{i}")
        assert isinstance(issued, Issued)
        numbers.append(str(issued.ticket.number))
    elapsed = time.perf_counter() - t0
    engine.dispose()
    return numbers, elapsed


def prepare(url: str) -> None:
    upgrade(url)
    engine = make_engine(url)
    with write_tx(engine) as conn:
        replace_catalogue(conn, load_demo_catalogue())
    engine.dispose()


def bench_allocation(label: str, url: str, processes: int, each: int) -> None:
    prepare(url)
    ctx = mp.get_context("spawn")
    with ctx.Manager() as manager, ProcessPoolExecutor(processes, mp_context=ctx) as pool:
        start = manager.Event()
        futures = [pool.submit(_issuer, url, f"k{p}", each, start) for p in range(processes)]
        time.sleep(3)  # let every process import and connect before the start signal
        t0 = time.perf_counter()
        start.set()
        results = [f.result() for f in futures]
        wall = time.perf_counter() - t0
    numbers = [n for r, _ in results for n in r]
    engine = make_engine(url)
    with read_tx(engine) as conn:
        stored = conn.execute(select(tables.tickets.c.sequence)).scalars().all()
    engine.dispose()
    duplicates = len(numbers) - len(set(numbers))
    gap_free = sorted(stored) == list(range(1, len(numbers) + 1))
    print(
        f"{label:10s} {processes} issuers x {each}: {len(numbers)} tickets in {wall:.2f} s "
        f"= {len(numbers) / wall:,.0f} tickets/s; duplicates {duplicates}; gap-free {gap_free}"
    )


def bench_checkin(url: str, count: int) -> None:
    prepare(url)
    engine = make_engine(url)
    catalogue = load_demo_catalogue()
    day = NOW.date()
    made = 0
    created = NOW - timedelta(days=3)
    codes: list[str] = []
    while made < count:
        batch = make_bookings(
            catalogue,
            "baku-1",
            day + timedelta(days=made // 20000),
            5000,
            created_at=created,
            seed=made,
        )
        with write_tx(engine) as conn:
            booking_repo.upsert_bookings(conn, batch, NOW)
        codes += [b.order_code for b in batch]
        made += len(batch)
    window = CheckInWindow()
    samples = []
    for code in codes[:: max(1, len(codes) // 2000)]:
        t0 = time.perf_counter()
        with read_tx(engine) as conn:
            booking = booking_repo.get_booking(conn, code)
        evaluate_check_in(booking, code=code, centre_id="baku-1", now=NOW, window=window)
        samples.append((time.perf_counter() - t0) * 1000)
    samples.sort()
    p50 = statistics.median(samples)
    p99 = samples[int(len(samples) * 0.99) - 1]
    print(
        f"check-in lookup + rule, {made:,} bookings: p50 {p50:.3f} ms, p99 {p99:.3f} ms "
        f"({len(samples)} lookups)"
    )
    engine.dispose()


def _pg_database() -> tuple[str, str]:
    name = f"asanq_bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(PG, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return name, make_url(PG).set(database=name).render_as_string(hide_password=False)


def _drop(name: str) -> None:
    admin = create_engine(PG, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--processes", type=int, default=16)
    parser.add_argument("--tickets", type=int, default=250, help="tickets per process")
    parser.add_argument("--bookings", type=int, default=100_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        bench_allocation("SQLite", f"sqlite:///{Path(tmp) / 'a.db'}", args.processes, args.tickets)
        bench_checkin(f"sqlite:///{Path(tmp) / 'c.db'}", args.bookings)
    name, url = _pg_database()
    try:
        bench_allocation("PostgreSQL", url, args.processes, args.tickets)
    finally:
        _drop(name)
    name, url = _pg_database()
    try:
        print("PostgreSQL ", end="")
        bench_checkin(url, args.bookings)
    finally:
        _drop(name)


if __name__ == "__main__":
    _ = (date, dtime)
    main()
