"""Sync speed with PostgreSQL as the central store, the agent over real HTTP.

    .venv/bin/python bench/bench_sync.py [--bookings 20000] [--events 10000]

1. first pull of a busy centre: 20,000 bookings into an empty centre store
   (SQLite, as at a centre), target ≤ 2 s;
2. an idle sync round (nothing to push, nothing new to pull), target ≤ 20 ms;
3. draining an outbox of 10,000 events (tickets, check-ins of pulled
   bookings, calls and outcomes), target ≤ 3 s.

The central service runs as `asan-queue server` (uvicorn, httptools, uvloop)
in its own process on loopback, as deployed; the agent runs in this one.
PostgreSQL: ASANQ_TEST_PG_URL or the local `test` database (a fresh database
is created and dropped).
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import datetime, timedelta
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import make_url

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kiosk_app.services.sync_store import CentreSyncStore
from kiosk_app.store import make_engine, upgrade, write_tx
from kiosk_app.store.catalogue_repo import replace_catalogue
from kiosk_app.store.outbox import record_event
from server_sync.app import build_services
from server_sync.config import SyncSettings
from server_sync.kernel.catalogue import Catalogue
from server_sync.kernel.clock import BAKU, FixedClock, SystemClock
from server_sync.kernel.order_codes import generate_order_code
from server_sync.settings import CentralSettings
from server_sync.store import migrate
from server_sync.store.db import create_store_engine
from server_sync.store.tables import bookings, change_counter
from server_sync.sync import SyncAgent, SyncClient
from server_sync.sync_api.tokens import issue_token
from tests.factories import catalogue_dict

PG = os.environ.get("ASANQ_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
NOW = datetime(2026, 11, 23, 9, 0, tzinfo=BAKU)


def fresh_database() -> str:
    name = f"asanq_bench_sync_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(PG, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return make_url(PG).set(database=name).render_as_string(hide_password=False)


def drop_database(url: str) -> None:
    admin = sa.create_engine(PG, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)'))
    admin.dispose()


def seed_bookings(engine: sa.Engine, count: int) -> list[str]:
    """`count` bookings for baku-1 over the next days, each with its change number."""
    codes = [generate_order_code() for _ in range(count)]
    today = SystemClock().now().date()  # the server process reads the real clock
    rows = []
    for i, code in enumerate(codes):
        rows.append(
            {
                "order_code": code,
                "resource": "baku-1/passport",
                "centre_id": "baku-1",
                "service_id": "passport",
                "day": today + timedelta(days=i % 10),
                "start": f"{9 + i % 9:02d}:{(i * 10) % 60:02d}",
                "status": "booked",
                "language": "az",
                "first_name": "Aysel",
                "last_name": "Məmmədova",
                "father_name": "Rauf qızı",
                "id_document": f"AZE{i:08d}",
                "phone": "+994501234567",
                "email": f"v{i}@mail.az",
                "extra": "{}",
                "created_at": NOW,
                "updated_at": NOW,
                "change_seq": i + 1,
            }
        )
    with engine.begin() as conn:
        for i in range(0, len(rows), 2000):
            conn.execute(bookings.insert(), rows[i : i + 2000])
        conn.execute(change_counter.update().values(value=count))
    return codes


def serve(db_url: str) -> tuple[subprocess.Popen[bytes], str]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = {
        **os.environ,
        "ASANQ_SERVER__DB_URL": db_url,
        "ASANQ_SERVER__SECRET_KEY": "bench-secret",
        "ASANQ_SERVER__JOBS": "false",
    }
    cmd = [sys.executable, "-m", "kiosk_app.cli.main", "server", "--port", str(port)]
    process = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return process, url
        except OSError:
            time.sleep(0.05)
    process.kill()
    raise SystemExit("the central service did not start")


def fill_outbox(engine: sa.Engine, codes: list[str], events: int) -> None:
    at = NOW + timedelta(hours=1)
    with write_tx(engine) as conn:
        made = 0
        i = 0
        while made < events:
            number = f"A{i % 999 + 1:03d}"
            base = {
                "ticket_id": i + 1,
                "number": number,
                "service_id": "passport",
                "day": "2026-11-23",
            }
            code = codes[i] if i % 2 == 0 and i < len(codes) else None
            kind = "check_in" if code else "ticket_issued"
            record_event(conn, kind, {**base, "issued_at": at.isoformat()}, at, booking_code=code)
            record_event(conn, "called", {**base, "counter": 1}, at, booking_code=code)
            record_event(conn, "served", {**base, "counter": 1}, at, booking_code=code)
            made += 3
            i += 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bookings", type=int, default=20000)
    parser.add_argument("--events", type=int, default=10000)
    args = parser.parse_args()
    central_url = fresh_database()
    tmp = Path(tempfile.mkdtemp(prefix="asanq-bench-sync-"))
    try:
        engine = create_store_engine(central_url, 10)
        migrate.upgrade(engine)
        build_services(CentralSettings(), engine=engine).catalogue.publish(catalogue_dict(), NOW)
        codes = seed_bookings(engine, args.bookings)
        token = issue_token(engine, "baku-1", NOW)
        server, url = serve(central_url)

        centre_url = f"sqlite:///{tmp / 'centre.db'}"
        upgrade(centre_url)
        centre = make_engine(centre_url)
        with write_tx(centre) as conn:
            replace_catalogue(conn, Catalogue.from_dict(catalogue_dict()))
        settings = SyncSettings()
        agent = SyncAgent(
            SyncClient(url, token),
            CentreSyncStore(centre, "baku-1"),
            FixedClock(NOW),
            "baku-1",
            settings,
        )

        started = time.perf_counter()
        pulled, _ = agent.pull_changes()
        first_pull = time.perf_counter() - started
        assert pulled == args.bookings, pulled

        agent.run_round()  # first heartbeat
        samples = []
        for _ in range(100):
            started = time.perf_counter()
            report = agent.run_round()
            samples.append((time.perf_counter() - started) * 1000)
            assert (report.pushed, report.pulled) == (0, 0)
        samples.sort()

        fill_outbox(centre, codes, args.events)
        backlog = agent.store.backlog()
        started = time.perf_counter()
        pushed = agent.push_outbox()
        drain = time.perf_counter() - started
        assert pushed == backlog, (pushed, backlog)

        print(
            f"first pull of {args.bookings} bookings: {first_pull:.2f} s "
            f"({args.bookings / first_pull:,.0f}/s)  target ≤ 2 s"
        )
        print(
            f"idle sync round: median {statistics.median(samples):.1f} ms, "
            f"p95 {samples[94]:.1f} ms  target ≤ 20 ms"
        )
        print(
            f"drain outbox of {backlog} events: {drain:.2f} s "
            f"({backlog / drain:,.0f}/s, batches of {settings.push_batch})  target ≤ 3 s"
        )
        server.terminate()
        server.wait(10)
        agent.client.close()
        centre.dispose()
        engine.dispose()
    finally:
        drop_database(central_url)
    return 0


if __name__ == "__main__":
    sys.exit(main())
