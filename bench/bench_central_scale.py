"""The central service at scale: bookings per second and PostgreSQL connections with N
uvicorn workers, straight to PostgreSQL and through PgBouncer (transaction pooling,
the sample in assets/deploy/pgbouncer/, `?prepare_threshold=none`).

    .venv/bin/python bench/bench_central_scale.py [--workers 1 2 4] [--bookings 3000]

Prints, per run: bookings/s with 64 keep-alive clients, the p50/p99 of one client's
sequential bookings, and the most PostgreSQL connections of the database seen while
loaded: the figures of docs/install.md, "When to add PgBouncer". Needs pgbouncer
(Debian package) for the second half; run as root, it runs PgBouncer as nobody.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import sqlalchemy as sa
from bench_booking_api import (
    CATALOGUE,
    OFFSETS,
    SECRET,
    bodies,
    create_database,
    drop_database,
    free_port,
    latency,
    load,
    wait_ready,
)

from server_sync.app import build_services
from server_sync.config import ServerSettings
from server_sync.kernel.clock import SystemClock
from server_sync.settings import CentralSettings
from server_sync.store.db import create_store_engine
from server_sync.store.migrate import upgrade

BOUNCER = """[databases]
asanq = host=127.0.0.1 port=5432 dbname={db} user=postgres
[pgbouncer]
listen_addr = 127.0.0.1
listen_port = {port}
unix_socket_dir = {dir}
auth_type = trust
auth_file = {dir}/userlist.txt
pool_mode = transaction
max_client_conn = 1000
default_pool_size = {pool}
logfile = {dir}/pgbouncer.log
pidfile = {dir}/pgbouncer.pid
ignore_startup_parameters = extra_float_digits,options
"""


def connections(engine: sa.Engine, database: str, stop: threading.Event, seen: list[int]) -> None:
    while not stop.is_set():
        with engine.connect() as conn:
            count = conn.execute(
                sa.text("SELECT count(*) - 1 FROM pg_stat_activity WHERE datname = :d"),
                {"d": database},
            ).scalar_one()
        seen.append(int(count))
        stop.wait(0.2)


def start_bouncer(folder: Path, database: str, pool: int) -> tuple[subprocess.Popen[bytes], int]:
    port = free_port()
    (folder / "pgbouncer.ini").write_text(
        BOUNCER.format(db=database, port=port, dir=folder, pool=pool)
    )
    (folder / "userlist.txt").write_text('"postgres" ""\n')
    user = []
    if os.geteuid() == 0:
        os.chmod(folder, 0o777)
        user = ["-u", "nobody"]
    proc = subprocess.Popen(
        [shutil.which("pgbouncer") or "pgbouncer", *user, str(folder / "pgbouncer.ini")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    wait_ready(port)
    return proc, port


def run(
    workers: int, url: str, database: str, services: object, args: argparse.Namespace, label: str
) -> None:
    batches = []
    for kind, count in (("l", args.bookings), ("q", 300), ("w", 300)):
        prefix = f"{kind}{len(OFFSETS)}x"  # new people and e-mails on every run
        OFFSETS[prefix] = 10_000_000 + 100_000 * len(OFFSETS)
        batches.append(bodies(services, count, prefix))
    load_bodies, lat_bodies, warm = batches
    port = free_port()
    env = {
        **os.environ,
        "ASANQ_SERVER__SECRET_KEY": SECRET,
        "ASANQ_SERVER__JOBS": "false",
        "ASANQ_LOG__LEVEL": "WARNING",
    }
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "kiosk_app.cli.main",
            "server",
            "--db",
            url,
            "--port",
            str(port),
            "--workers",
            str(workers),
        ],
        env=env,
        stdout=subprocess.DEVNULL,
    )
    watcher = create_store_engine(args.pg_direct.format(db=database), 1)
    stop, seen = threading.Event(), list[int]()
    try:
        wait_ready(port)
        time.sleep(1.0)
        asyncio.run(load(port, warm, 64))
        thread = threading.Thread(target=connections, args=(watcher, database, stop, seen))
        thread.start()
        elapsed, statuses = asyncio.run(load(port, load_bodies, 64))
        stop.set()
        thread.join()
        times = asyncio.run(latency(port, lat_bodies))
    finally:
        server.terminate()
        server.wait(timeout=20)
        watcher.dispose()
    q = statistics.quantiles(times, n=100)
    made = statuses.get(201, 0)
    print(
        f"  {label:<26} {workers} workers: {made / elapsed:5.0f} bookings/s "
        f"(statuses {statuses}); one client p50 {q[49] * 1000:.1f} ms, p99 {q[98] * 1000:.1f} ms; "
        f"PostgreSQL connections up to {max(seen, default=0)}",
        flush=True,
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2, 4])
    parser.add_argument("--bookings", type=int, default=3000)
    parser.add_argument("--bouncer-pool", type=int, default=8)
    args = parser.parse_args()
    name, url = create_database()
    args.pg_direct = url.replace(name, "{db}")
    engine = create_store_engine(url, 2)
    upgrade(engine)
    cfg = CentralSettings(server=ServerSettings(db_url=url, secret_key=SECRET, jobs=False))
    services = build_services(cfg, engine=engine)
    services.catalogue.publish(CATALOGUE, SystemClock().now())
    print(f"PostgreSQL database {name}; {os.cpu_count()} CPUs; db_pool_size 4 a worker")
    try:
        for workers in args.workers:
            run(workers, url, name, services, args, "straight to PostgreSQL")
        if shutil.which("pgbouncer") is None:
            print("pgbouncer not installed: no PgBouncer figures")
            return 0
        with tempfile.TemporaryDirectory() as folder:
            bouncer, port = start_bouncer(Path(folder), name, args.bouncer_pool)
            via = f"postgresql+psycopg://postgres@127.0.0.1:{port}/asanq?prepare_threshold=none"
            try:
                for workers in args.workers:
                    label = f"PgBouncer (pool {args.bouncer_pool})"
                    run(workers, via, name, services, args, label)
            finally:
                bouncer.terminate()
                bouncer.wait(10)
    finally:
        engine.dispose()
        drop_database(name)
    return 0


if __name__ == "__main__":
    sys.exit(main())
