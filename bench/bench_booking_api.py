"""Bookings per second through the HTTP API on PostgreSQL, and what each costs.

    .venv/bin/python bench/bench_booking_api.py [--workers 2] [--clients 64] [--bookings 6000]

Starts `asan-queue server --workers N` (uvicorn, as the README tells production)
on a fresh PostgreSQL database, pre-issues valid confirmation codes from Python
(`CodeService.issue_many`, not reachable over HTTP), then measures:

1. throughput: 64 keep-alive clients POST /api/v1/bookings as fast as answers come;
2. server CPU per booking (user+system of the uvicorn workers, /proc) and
   PostgreSQL's CPU per booking;
3. the same booking transaction without HTTP (`BookingService.book`): 8 client
   processes (the DB-only rate the HTTP figure is compared with), and one thread;
4. one keep-alive client's request latency (p50/p90/p99), sequential requests;
5. the cost of rendering and writing one order e-mail (QR + .ics), done later
   by the outbox sender (background mail sending is off while measuring 1-4).

The load client is a minimal asyncio HTTP/1.1 client so that it takes as
little of the machine's CPU as possible. PostgreSQL: ASANQ_TEST_PG_URL or
postgresql+psycopg://postgres@127.0.0.1:5432/test (a database is created and
dropped).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import timedelta
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import make_url

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_booking_vs_pgbench import booking_round

from server_sync.app import build_services
from server_sync.config import BookingSettings, ServerSettings, SmtpSettings
from server_sync.domain.booking_form import BookingForm
from server_sync.kernel.clock import BAKU, SystemClock
from server_sync.services.mail_render import BookingFacts, booking_mail
from server_sync.settings import CentralSettings
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
            "counters": [{"number": n, "services": ["passport"]} for n in range(1, 21)],
        }
    ],
}
SECRET = "bench-secret"
OFFSETS = {"w": 0, "l": 1_200_000, "q": 4_000_000, "d": 6_000_000}


def create_database() -> tuple[str, str]:
    admin = sa.create_engine(PG, isolation_level="AUTOCOMMIT")
    name = f"asanq_bench_{uuid.uuid4().hex[:8]}"
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return name, make_url(PG).set(database=name).render_as_string(hide_password=False)


def drop_database(name: str) -> None:
    admin = sa.create_engine(PG, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def bodies(services, n: int, prefix: str) -> list[bytes]:  # type: ignore[no-untyped-def]
    """`n` valid booking requests with pre-issued codes, spread over slots and days."""
    emails = [f"{prefix}{i}@bench.az" for i in range(n)]
    codes = services.codes.issue_many(emails)
    today = SystemClock().now().astimezone(BAKU).date()
    out = []
    for i, (address, code) in enumerate(zip(emails, codes, strict=True)):
        n = OFFSETS[prefix] // 100 + i  # spread over 24 slots × 14 days (600 places each)
        day = today + timedelta(days=1 + (n // 24) % 14)
        slot = n % 24
        out.append(
            json.dumps(
                {
                    "first_name": "Aysel",
                    "last_name": "Məmmədova",
                    "father_name": "Rauf",
                    "id_document": f"AZE{OFFSETS[prefix] + i:08d}",
                    "phone": "+994501234567",
                    "email": address,
                    "centre": "baku-1",
                    "service": "passport",
                    "date": day.isoformat(),
                    "time": f"{8 + slot // 2:02d}:{30 * (slot % 2):02d}",
                    "confirmation_code": code,
                },
                ensure_ascii=False,
            ).encode()
        )
    return out


def request(port: int, body: bytes) -> bytes:
    return (
        b"POST /api/v1/bookings HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n"
        b"Content-Type: application/json\r\nContent-Length: %d\r\n\r\n" % (port, len(body)) + body
    )


async def read_response(reader: asyncio.StreamReader) -> int:
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head[9:12])
    length = 0
    for line in head.split(b"\r\n"):
        if line.lower().startswith(b"content-length:"):
            length = int(line.split(b":")[1])
    await reader.readexactly(length)
    return status


async def load(port: int, payloads: list[bytes], clients: int) -> tuple[float, dict[int, int]]:
    queue = list(reversed(payloads))
    statuses: dict[int, int] = {}

    async def client() -> None:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.get_extra_info("socket").setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        while queue:
            writer.write(request(port, queue.pop()))
            status = await read_response(reader)
            statuses[status] = statuses.get(status, 0) + 1
        writer.close()

    start = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(clients)))
    return time.perf_counter() - start, statuses


async def latency(port: int, payloads: list[bytes]) -> list[float]:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.get_extra_info("socket").setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    times = []
    for body in payloads:
        start = time.perf_counter()
        writer.write(request(port, body))
        status = await read_response(reader)
        times.append(time.perf_counter() - start)
        assert status == 201, status
    writer.close()
    return times


def cpu_seconds(pids: list[int]) -> float:
    tick = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except FileNotFoundError:
            continue
        total += int(fields[11]) + int(fields[12])
    return total / tick


def process_tree(root: int) -> list[int]:
    pids, todo = [], [root]
    while todo:
        pid = todo.pop()
        pids.append(pid)
        for task in Path(f"/proc/{pid}/task").glob("*"):
            with contextlib.suppress(FileNotFoundError):
                todo += [int(c) for c in (task / "children").read_text().split()]
    return pids


def postgres_pids(database: str) -> list[int]:
    """The PostgreSQL backends serving `database` (their title names it)."""
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if database in (entry / "cmdline").read_bytes().decode(errors="replace"):
                    pids.append(int(entry.name))
            except OSError:
                pass
    return pids


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_ready(port: int, deadline_s: float = 30) -> None:
    end = time.monotonic() + deadline_s
    while time.monotonic() < end:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.05)
    raise SystemExit("server did not start")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--clients", type=int, default=64)
    parser.add_argument("--bookings", type=int, default=6000)
    parser.add_argument("--direct", type=int, default=1500)
    parser.add_argument("--latency", type=int, default=500)
    args = parser.parse_args()

    name, url = create_database()
    engine = create_store_engine(url, 4)
    upgrade(engine)
    cfg = CentralSettings(
        server=ServerSettings(db_url=url, secret_key=SECRET, jobs=False),
        booking=BookingSettings(),
        smtp=SmtpSettings(),
    )
    services = build_services(cfg, engine=engine)
    services.catalogue.publish(CATALOGUE, SystemClock().now())
    print(f"PostgreSQL database {name}; {os.cpu_count()} CPUs; preparing codes…", flush=True)
    warm = bodies(services, 500, "w")
    load_bodies = bodies(services, args.bookings, "l")
    lat_bodies = bodies(services, args.latency, "q")

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
            str(args.workers),
        ],
        env=env,
        stdout=subprocess.DEVNULL,
    )
    try:
        wait_ready(port)
        time.sleep(1.0)  # all workers up
        asyncio.run(load(port, warm, args.clients))
        pids, pg = process_tree(server.pid), postgres_pids(name)
        cpu0, pg0, me0 = cpu_seconds(pids), cpu_seconds(pg), time.process_time()
        elapsed, statuses = asyncio.run(load(port, load_bodies, args.clients))
        cpu1, pg1, me1 = cpu_seconds(pids), cpu_seconds(pg), time.process_time()
        made = statuses.get(201, 0)
        print(f"\nHTTP API, {args.clients} keep-alive clients, {args.workers} uvicorn workers:")
        print(
            f"  {made} bookings in {elapsed:.2f} s = {made / elapsed:.0f} bookings/s "
            f"(statuses {statuses})"
        )
        print(
            f"  server CPU per booking: {(cpu1 - cpu0) / made * 1000:.2f} ms "
            f"(uvicorn workers, user+system)"
        )
        print(
            f"  PostgreSQL CPU per booking: {(pg1 - pg0) / made * 1000:.2f} ms "
            f"({len(pg)} backends of this database; WAL writer not counted)"
        )
        print(
            f"  load client CPU per booking: {(me1 - me0) / made * 1000:.2f} ms; "
            f"machine load average before/after: {os.getloadavg()[0]:.1f}"
        )
        times = asyncio.run(latency(port, lat_bodies))
        q = statistics.quantiles(times, n=100)
        print(f"\nOne keep-alive client, {len(times)} sequential bookings:")
        print(
            f"  p50 {q[49] * 1000:.2f} ms · p90 {q[89] * 1000:.2f} ms · p99 {q[98] * 1000:.2f} ms"
        )
    finally:
        server.terminate()
        server.wait(timeout=20)

    db_only, _refused = booking_round(url, services, 7_000_000, 8, 8.0, 4000)
    print("\nSame transaction without HTTP, 8 client processes (BookingService.book):")
    print(
        f"  {db_only:.0f} bookings/s; HTTP throughput / DB-only = {made / elapsed / db_only:.2f}"
        f" (target ≥ 0.6)"
    )

    direct = [json.loads(b) for b in bodies(services, args.direct, "d")]
    start, cpu_start = time.perf_counter(), time.process_time()
    for body in direct:
        services.bookings.book(BookingForm(**body), "az")
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu_start
    print("\nSame transaction without HTTP (BookingService.book, one thread):")
    print(
        f"  {len(direct) / elapsed:.0f} bookings/s · {elapsed / len(direct) * 1000:.2f} ms "
        f"wall · {cpu / len(direct) * 1000:.2f} ms CPU per booking"
    )

    catalogue = services.catalogue.current().catalogue
    facts = BookingFacts(
        "123456789012", "baku-1", "passport", "2026-11-24", "10:00", "Aysel", "Məmmədova", "booked"
    )
    with tempfile.TemporaryDirectory() as folder:
        start = time.process_time()
        for n in range(200):
            message = booking_mail(
                "booking_confirmed",
                "a@b.az",
                "x@y.az",
                "az",
                facts,
                catalogue,
                "http://x",
                SystemClock().now(),
            )
            Path(folder, f"{n}.eml").write_bytes(message.as_bytes())
        mail_cpu = (time.process_time() - start) / 200
    print(
        f"\nOrder e-mail (QR + .ics), rendered later by the outbox: "
        f"{mail_cpu * 1000:.2f} ms CPU each"
    )
    engine.dispose()
    drop_database(name)
    return 0


if __name__ == "__main__":
    sys.exit(main())
