"""The booking transaction next to `pgbench -N`, on the same PostgreSQL, turn by turn.

    .venv/bin/python bench/bench_booking_vs_pgbench.py [--clients 8] [--seconds 8] [--rounds 3]

A fresh database holds both the central store (migrated, a one-centre catalogue
with 336 slots of 600 places, pre-issued confirmation codes) and pgbench's
tables (`pgbench -i -s 1`). Each round runs, one after the other on the same
server:

1. the booking transaction without HTTP: `--clients` processes (no shared GIL),
   each with its own connection, call `BookingService.book` (the service's whole
   transaction: form check, code use, place, booking, mail) as fast as they can;
   consecutive bookings of a process go to different slots, so the clients share
   no slot row;
2. the same transaction's SQL alone, as a pgbench script (`BOOKING_SCRIPT`: the
   service's own statement from `store.booking_sql`), so no Python client takes
   CPU from the server;
3. `pgbench -n -N -c CLIENTS -j 2 -T SECONDS` (simple protocol, the default).

It prints each round's rates, the ratios to pgbench -N, the share of sessions
waiting on a lock while booking, and the median ratios.
pgbench comes with Debian's postgresql-client (`which pgbench`). PostgreSQL:
ASANQ_TEST_PG_URL or postgresql+psycopg://postgres@127.0.0.1:5432/test.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from datetime import timedelta
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import make_url

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from server_sync.app import build_services
from server_sync.config import BookingSettings, ServerSettings, SmtpSettings
from server_sync.domain.booking_form import BookingForm
from server_sync.kernel.clock import BAKU, SystemClock
from server_sync.settings import CentralSettings
from server_sync.store import booking_sql
from server_sync.store.db import create_store_engine
from server_sync.store.migrate import upgrade

PG = os.environ.get("ASANQ_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
HOURS = {d: [["08:00", "20:00"]] for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}
CATALOGUE = {
    "agencies": [{"id": "dmx", "name": {"az": "Dövlət Miqrasiya Xidməti"}}],
    "services": [
        {
            "id": "passport",
            "agency": "dmx",
            "name": {"az": "Pasport"},
            "group": "A",
            "average_minutes": 1,
        }
    ],
    "centres": [
        {
            "id": "baku-1",
            "name": {"az": "Bakı 1"},
            "address": {"az": "Bakı"},
            "hours": HOURS,
            "services": ["passport"],
            "counters": [{"number": n, "services": ["passport"]} for n in range(1, 101)],
        }
    ],
}
SLOTS = 24 * 14  # 24 half-hour slots a day, 14 days ahead, 3,000 places each
SECRET = "bench-secret"


def settings(url: str) -> CentralSettings:
    return CentralSettings(
        server=ServerSettings(db_url=url, secret_key=SECRET, jobs=False),
        booking=BookingSettings(code_ttl_minutes=120),
        smtp=SmtpSettings(),
    )


def body(n: int) -> dict[str, str]:
    """Booking number `n`: its own e-mail and ID document, slot `n` mod 336."""
    today = SystemClock().now().astimezone(BAKU).date()
    slot = n % SLOTS
    day = today + timedelta(days=1 + slot // 24)
    half = slot % 24
    return {
        "first_name": "Aysel",
        "last_name": "Məmmədova",
        "father_name": "Rauf",
        "id_document": f"AZE{n:08d}",
        "phone": "+994501234567",
        "email": f"b{n}@bench.az",
        "centre": "baku-1",
        "service": "passport",
        "date": day.isoformat(),
        "time": f"{8 + half // 2:02d}:{30 * (half % 2):02d}",
    }


def booker(url: str, numbers: list[int], codes: list[str], seconds: float, ready, go, out) -> None:  # type: ignore[no-untyped-def]
    """One client: get ready, wait for the start, book until the deadline; report
    (booked, refused, seconds)."""
    engine = create_store_engine(url, 1)
    services = build_services(settings(url), engine=engine)
    services.catalogue.current()
    forms = [
        BookingForm(**body(n), confirmation_code=c) for n, c in zip(numbers, codes, strict=True)
    ]
    with engine.connect() as conn:  # the connection is open before the clock starts
        conn.execute(sa.text("SELECT 1"))
    ready.put(True)
    go.wait()
    made = refused = 0
    start = time.perf_counter()
    for form in forms:
        if time.perf_counter() - start >= seconds:
            break
        try:
            services.bookings.book(form, "az")
            made += 1
        except Exception:
            refused += 1
    out.put((made, refused, time.perf_counter() - start))
    engine.dispose()


class WaitSampler:
    """Samples the database's sessions while a turn runs: how many of the active
    ones wait on a lock (the hot row showed as most sessions waiting)."""

    def __init__(self, url: str) -> None:
        self._engine = sa.create_engine(url, isolation_level="AUTOCOMMIT")
        self._stop = threading.Event()
        self.active = self.locked = 0
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> WaitSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self._engine.dispose()

    def _run(self) -> None:
        query = sa.text(
            "SELECT wait_event_type FROM pg_stat_activity WHERE datname = current_database()"
            " AND pid <> pg_backend_pid() AND state = 'active'"
        )
        with self._engine.connect() as conn:
            while not self._stop.wait(0.02):
                waits = conn.execute(query).scalars().all()
                self.active += len(waits)
                self.locked += sum(1 for w in waits if w == "Lock")

    @property
    def locked_share(self) -> float:
        return self.locked / self.active if self.active else 0.0


def booking_round(
    url: str, services, first: int, clients: int, seconds: float, per_client: int
) -> tuple[float, int]:  # type: ignore[no-untyped-def]
    """Bookings per second of `clients` processes for `seconds`."""
    total = clients * per_client
    numbers = list(range(first, first + total))
    codes = services.codes.issue_many([body(n)["email"] for n in numbers])
    ctx = mp.get_context("spawn")
    ready, out, go = ctx.Queue(), ctx.Queue(), ctx.Event()
    procs = [
        ctx.Process(
            target=booker,
            args=(url, numbers[c::clients], codes[c::clients], seconds, ready, go, out),
        )
        for c in range(clients)
    ]
    for p in procs:
        p.start()
    for _ in procs:
        ready.get()
    with WaitSampler(url) as sampler:
        go.set()
        results = [out.get() for _ in procs]
    print(f"  sessions waiting on a lock while booking: {sampler.locked_share:.0%}")
    for p in procs:
        p.join()
    made = sum(r[0] for r in results)
    refused = sum(r[1] for r in results)
    elapsed = max(r[2] for r in results)
    if made + refused >= total * 0.98 and seconds > 2:
        print(f"  !! clients ran out of the {per_client} bookings each: raise --per-client")
    return made / elapsed, refused


# The booking transaction's one statement (`store.booking_sql._PG_BOOK`, exactly as
# the service runs it) as a pgbench script, its parameters turned into expressions
# of booking number n: code "sql<n>", slot n mod 336. The database's side of a
# booking with no Python client taking CPU from the server.
SQL_SLOT = "(CURRENT_DATE + 1 + (:n % 336) / 24)"
SQL_START = "to_char(time '08:00' + (:n % 24) * interval '30 minutes', 'HH24:MI')"
SQL_NOW = "(now() AT TIME ZONE 'UTC')"
SQL_PARAMS = {
    "email_key": "'sql' || :n",
    "code_hash": "'h'",
    "now": SQL_NOW,
    "max_tries": "5",
    "resource": "'svc:sql'",
    "day": SQL_SLOT,
    "start": SQL_START,
    "capacity": "3000",
    "order_code": "'9' || lpad(:n::text, 11, '0')",
    "centre_id": "'baku-1'",
    "service_id": "'passport'",
    "status": "'booked'",
    "language": "'az'",
    "first_name": "'Aysel'",
    "last_name": "'Məmmədova'",
    "father_name": "'Rauf'",
    "id_document": "'AZE' || lpad(:n::text, 8, '0')",
    "phone": "'+994501234567'",
    "email": "'sql' || :n || '@bench.az'",
    "extra": "'{}'",
    "dedupe_key": "'sql' || :n",
    "created_at": SQL_NOW,
    "updated_at": SQL_NOW,
    "change_seq": "NULL::bigint",
    "mail_kind": "'booking_confirmed'",
    "mail_payload": "'{}'",
}
BOOKING_SCRIPT = "\n".join(
    [
        "BEGIN;",
        "SELECT nextval('bench_booking_n') AS n \\gset",
        re.sub(r"%\((\w+)\)s", lambda m: SQL_PARAMS[m.group(1)], booking_sql._PG_BOOK) + ";",
        "END;",
        "",
    ]
)
SQL_SETUP = [
    "CREATE SEQUENCE bench_booking_n",
    "INSERT INTO confirmation_codes (email_key, client_key, code_hash, created_at, expires_at,"
    f" tries) SELECT 'sql' || g, 'bench', 'h', {SQL_NOW}, {SQL_NOW} + interval '1 day', 0"
    " FROM generate_series(1, 600000) g",
    "INSERT INTO slot_counters (resource, day, start, taken) SELECT 'svc:sql',"
    " CURRENT_DATE + 1 + s / 24, to_char(time '08:00' + (s % 24) * interval '30 minutes',"
    " 'HH24:MI'), 0 FROM generate_series(0, 335) s",
]


def pgbench(database_url: str, clients: int, seconds: float, script: Path | None = None) -> float:
    """Transactions per second of pgbench's -N script, or of `script`."""
    url = make_url(database_url)
    what = ["-f", str(script)] if script else ["-N"]
    cmd = [
        "pgbench",
        "-n",
        *what,
        "-c",
        str(clients),
        "-j",
        "2",
        "-T",
        str(int(seconds)),
        "-h",
        url.host or "127.0.0.1",
        "-p",
        str(url.port or 5432),
        "-U",
        url.username or "postgres",
        url.database or "",
    ]
    done = subprocess.run(cmd, capture_output=True, text=True, check=True)
    found = re.search(r"tps = ([\d.]+)", done.stdout)
    if not found:
        raise SystemExit(f"pgbench said: {done.stdout}{done.stderr}")
    return float(found.group(1))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=8.0)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--per-client", type=int, default=4000)
    args = parser.parse_args()
    if shutil.which("pgbench") is None:
        raise SystemExit("pgbench not found: apt-get install postgresql-client")

    admin = sa.create_engine(PG, isolation_level="AUTOCOMMIT")
    name = f"asanq_bench_pgb_{uuid.uuid4().hex[:8]}"
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    url = make_url(PG).set(database=name).render_as_string(hide_password=False)
    try:
        engine = create_store_engine(url, 4)
        upgrade(engine)
        services = build_services(settings(url), engine=engine)
        services.catalogue.publish(CATALOGUE, SystemClock().now())
        pg = make_url(url)
        subprocess.run(
            [
                "pgbench",
                "-i",
                "-s",
                "1",
                "-q",
                "-h",
                pg.host or "127.0.0.1",
                "-p",
                str(pg.port or 5432),
                "-U",
                pg.username or "postgres",
                name,
            ],
            capture_output=True,
            check=True,
        )
        with engine.begin() as conn:
            for statement in SQL_SETUP:
                conn.execute(sa.text(statement))
        script = Path(tempfile.mkdtemp(prefix="asanq-pgb-")) / "booking.sql"
        script.write_text(BOOKING_SCRIPT, encoding="utf-8")
        print(
            f"database {name}; {os.cpu_count()} CPUs; load {os.getloadavg()[0]:.2f}; "
            f"{args.clients} clients, {args.seconds:.0f} s per turn",
            flush=True,
        )
        booking_round(url, services, 0, args.clients, 2.0, 300)  # warm the server up
        pgbench(url, args.clients, 2, script)
        service_ratios, sql_ratios = [], []
        first = args.clients * 300
        for n in range(1, args.rounds + 1):
            rate, refused = booking_round(
                url, services, first, args.clients, args.seconds, args.per_client
            )
            first += args.clients * args.per_client
            with WaitSampler(url) as sampler:
                sql_tps = pgbench(url, args.clients, args.seconds, script)
            tps = pgbench(url, args.clients, args.seconds)
            service_ratios.append(rate / tps)
            sql_ratios.append(sql_tps / tps)
            print(
                f"round {n}: BookingService.book {rate:6.0f}/s ({refused} refused)"
                f" · booking SQL {sql_tps:6.0f} tps (lock waits {sampler.locked_share:.0%})"
                f" · pgbench -N {tps:6.0f} tps · ratios {rate / tps:.2f} / {sql_tps / tps:.2f}"
                f" · load {os.getloadavg()[0]:.2f}",
                flush=True,
            )
        print(
            json.dumps(
                {
                    "median_ratio_service": round(statistics.median(service_ratios), 3),
                    "median_ratio_sql": round(statistics.median(sql_ratios), 3),
                }
            )
        )
        engine.dispose()
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
