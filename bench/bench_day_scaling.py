"""Screens and kiosk path against the size of the day: 1k / 10k / 100k tickets.

    .venv/bin/python bench/bench_day_scaling.py [--sizes 1000,10000,100000] [--pg]

A busy afternoon at Baku centre No. 1 (demo catalogue, 28 counters, 25 open,
3 paused): the day's tickets are mostly finished (6 % no-shows), 20 are at a
counter and 200 wait, whatever the size of the day. Rows are loaded in bulk,
then the day's running totals are rebuilt from them (`day_stats_repo.rebuild`,
what the use cases would have added one by one). Timed through the real
services, on SQLite (and PostgreSQL with --pg):

- manager snapshot: `ManagerDashboard.snapshot()` (what the management screen
  computes on its worker thread every 2 s);
- walk-in menu: `KioskBackend.menu()` (each time a visitor opens it);
- walk-in issue: `TicketDesk.issue_walk_in()` (number, ticket, outbox, totals,
  then the ticket's estimate);
- estimate: the estimate of one waiting ticket (people ahead and minutes).

Targets at 100,000 tickets, p50: 100 / 50 / 10 / 5 ms, flat from 1k to 100k.
On PostgreSQL the loaded tables are analysed first (autovacuum's job on a
running centre), else the planner guesses from empty-table statistics.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta
from datetime import time as dtime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import create_engine, insert, text

from hardware.config import PrinterSettings
from hardware.printing import FakeTicketPrinter, ticket_format
from kiosk_app.domain.counter import CounterState
from kiosk_app.services.kiosk.backend import KioskBackend
from kiosk_app.services.kiosk.printing import TicketPrinting
from kiosk_app.services.kiosk.ticket_desk import Issued, TicketDesk
from kiosk_app.services.staff.dashboard import ManagerDashboard
from kiosk_app.store import make_engine, queue_repo, read_tx, upgrade, write_tx
from kiosk_app.store.catalogue_repo import replace_catalogue
from kiosk_app.store.ticket_repo import get_ticket
from server_sync.catalogue_data import load_demo_catalogue
from server_sync.kernel.clock import BAKU, FixedClock

try:  # this tree's Core tables (the bench also runs on the tree before them)
    from kiosk_app.store import day_stats_repo
    from kiosk_app.store.tables import ticket_sequences as sequence_table
    from kiosk_app.store.tables import tickets as ticket_table
except ImportError:  # pragma: no cover - the ORM tree
    from kiosk_app.store.models import (  # type: ignore[import-not-found]
        TicketRow,
        TicketSequenceRow,
    )

    ticket_table = TicketRow.__table__
    sequence_table = TicketSequenceRow.__table__
    day_stats_repo = None  # type: ignore[assignment]

CENTRE = "baku-1"
DAY = date(2026, 11, 23)
NOW = datetime.combine(DAY, dtime(15, 0), tzinfo=BAKU)
WAITING, AT_COUNTERS = 200, 20
PG = os.environ.get("ASANQ_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))]


def load_day(url: str, size: int, seed: int = 11) -> None:
    """`size` tickets in the day: finished ones, AT_COUNTERS at counters, WAITING waiting."""
    upgrade(url)
    engine = make_engine(url)
    cat = load_demo_catalogue()
    centre = cat.centres[CENTRE]
    rng = random.Random(seed)
    services = sorted(s for s in centre.service_ids if cat.services[s].walk_in)
    sequences: dict[str, int] = {}
    open_from = datetime.combine(DAY, dtime(9, 0), tzinfo=BAKU)
    rows: list[dict[str, object]] = []
    in_hand: dict[int, int] = {}  # counter → row index

    def row(status: str, issued: datetime, **times: object) -> dict[str, object]:
        sid = rng.choice(services)
        letter = cat.services[sid].group
        seq = sequences[letter] = sequences.get(letter, 0) + 1
        base: dict[str, object] = {
            "centre_id": CENTRE,
            "day": DAY,
            "letter": letter,
            "sequence": seq,
            "service_id": sid,
            "kind": "walk_in",
            "status": status,
            "issued_at": issued,
            "call_time": issued,
            "language": "az",
            "counter": None,
            "called_at": None,
            "served_at": None,
            "finished_at": None,
        }
        base.update(times)
        return base

    finished = size - WAITING - AT_COUNTERS
    span = (NOW - timedelta(minutes=70) - open_from).total_seconds()
    for _ in range(finished):
        issued = open_from + timedelta(seconds=rng.uniform(0, span))
        called = issued + timedelta(minutes=rng.uniform(0, 40))
        counter = rng.randint(1, len(centre.counters))
        if rng.random() < 0.06:
            rows.append(
                row(
                    "no_show",
                    issued,
                    counter=counter,
                    called_at=called,
                    finished_at=called + timedelta(minutes=2),
                )
            )
            continue
        start = called + timedelta(minutes=1)
        end = start + timedelta(minutes=max(2.0, rng.lognormvariate(0, 0.35) * 10))
        rows.append(
            row(
                "served",
                issued,
                counter=counter,
                called_at=called,
                served_at=start,
                finished_at=end,
            )
        )
    for i in range(AT_COUNTERS):
        issued = NOW - timedelta(minutes=rng.uniform(20, 60))
        in_hand[i + 1] = len(rows)
        rows.append(
            row(
                "serving",
                issued,
                counter=i + 1,
                called_at=NOW - timedelta(minutes=5),
                served_at=NOW - timedelta(minutes=4),
            )
        )
    for _ in range(WAITING):
        rows.append(row("waiting", NOW - timedelta(minutes=rng.uniform(0, 60))))
    with write_tx(engine) as conn:
        replace_catalogue(conn, cat)
        for i in range(0, len(rows), 2000):
            conn.execute(insert(ticket_table), rows[i : i + 2000])
        conn.execute(
            insert(sequence_table),
            [
                {"centre_id": CENTRE, "day": DAY, "letter": k, "last": n}
                for k, n in sequences.items()
            ],
        )
        first_id = conn.execute(text("SELECT min(id) FROM tickets")).scalar_one()
        for c in centre.counters:
            state = CounterState.PAUSED if c.number > 25 else CounterState.OPEN
            ticket_id = first_id + in_hand[c.number] if c.number in in_hand else None
            queue_repo.set_counter(
                conn,
                CENTRE,
                c.number,
                state=state,
                operator=f"op{c.number}",
                ticket_id=ticket_id,
                at=NOW,
            )
        if day_stats_repo is not None:
            day_stats_repo.rebuild(conn, CENTRE, DAY)
    if engine.dialect.name == "postgresql":  # what autovacuum does on a running centre
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("ANALYZE"))
    engine.dispose()


def timed(fn: Callable[[], object], runs: int) -> tuple[float, float]:
    fn()  # warm the caches like a running program has them
    ms = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        ms.append((time.perf_counter() - t0) * 1000)
    return statistics.median(ms), pct(ms, 90)


def measure(url: str, size: int, runs: int) -> dict[str, tuple[float, float]]:
    load_day(url, size)
    engine = make_engine(url)
    cat = load_demo_catalogue()
    clock = FixedClock(NOW)
    desk = TicketDesk(engine, clock, cat, CENTRE, device_id="kiosk-1")
    printing = TicketPrinting(
        FakeTicketPrinter(),
        ticket_format(PrinterSettings()),
        engine,
        clock,
        cat,
        CENTRE,
        device_id="kiosk-1",
        status_base_url="http://127.0.0.1:8080/t",
    )
    backend = KioskBackend(desk, printing)
    dash = ManagerDashboard(engine, clock, cat, CENTRE, 15)
    services = sorted(s for s in cat.centres[CENTRE].service_ids if cat.services[s].walk_in)
    picks = iter(random.Random(3).choice(services) for _ in range(10 * runs + 10))
    issued: list[Issued] = []

    def issue() -> None:
        got = desk.issue_walk_in(next(picks))
        assert isinstance(got, Issued), got
        issued.append(got)

    out = {
        "manager snapshot": timed(dash.snapshot, runs),
        "walk-in menu": timed(backend.menu, runs),
        "walk-in issue": timed(issue, 5 * runs),
    }
    with read_tx(engine) as conn:
        ticket = get_ticket(conn, issued[-1].ticket.id)
    assert ticket is not None
    out["estimate"] = timed(lambda: desk._estimate_after(ticket), 5 * runs)
    engine.dispose()
    return out


def pg_database() -> tuple[str, Callable[[], None]] | None:
    try:
        admin = create_engine(PG, isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 3})
        name = f"asanq_scale_{os.getpid()}"
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as exc:
        print(f"(PostgreSQL not reachable, skipped: {str(exc).splitlines()[0]})")
        return None

    def drop() -> None:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return PG.rsplit("/", 1)[0] + "/" + name, drop


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--pg", action="store_true", help="PostgreSQL too")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    engines = ["SQLite"] + (["PostgreSQL"] if args.pg else [])
    targets = {"manager snapshot": 100, "walk-in menu": 50, "walk-in issue": 10, "estimate": 5}
    for name in engines:
        table: dict[int, dict[str, tuple[float, float]]] = {}
        for size in sizes:
            if name == "SQLite":
                folder = tempfile.mkdtemp(prefix="asanq-scale-")
                table[size] = measure(f"sqlite:///{folder}/centre.db", size, args.runs)
            else:
                made = pg_database()
                if made is None:
                    break
                url, drop = made
                try:
                    table[size] = measure(url, size, args.runs)
                finally:
                    drop()
        if not table:
            continue
        print(
            f"\n{name}: p50 / p90 in ms by tickets in the day "
            f"({WAITING} waiting, {AT_COUNTERS} at counters)"
        )
        print(f"{'':18}" + "".join(f"{s:>18,}" for s in table) + "   target p50")
        for what, target in targets.items():
            cells = "".join(f"{table[s][what][0]:>9.1f} /{table[s][what][1]:>6.1f}" for s in table)
            print(f"{what:18}{cells}   ≤ {target} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
