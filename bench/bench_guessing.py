"""What the guessing defences cost, on SQLite and PostgreSQL (medians, one thread).

    .venv/bin/python bench/bench_guessing.py [--n 300]

1. an order-code lookup (`BookingService.lookup`) bare, and under the per-address
   throttle (`LookupGuard.guarded`: the claim before, the give-back after);
2. a booking (`BookingService.book`), the first of its ID document that day and the
   second (the `document_days` count, then the overlap read).
PostgreSQL: ASANQ_TEST_PG_URL or postgresql+psycopg://postgres@127.0.0.1:5432/postgres
(a database is created and dropped).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from server_sync.app import build_services
from server_sync.config import BookingSettings, ServerSettings
from server_sync.domain.booking_form import BookingForm
from server_sync.kernel.clock import BAKU, FixedClock
from server_sync.settings import CentralSettings
from server_sync.store.db import create_store_engine
from server_sync.store.migrate import upgrade
from tests.factories import catalogue_dict

TIMES = [f"{h:02d}:{m:02d}" for h in range(9, 19) for m in (0, 30)]


def median_ms(fn: Callable[[], object], n: int) -> float:
    times = []
    for _ in range(n):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def run(url: str, n: int) -> None:
    engine = create_store_engine(url, 5)
    upgrade(engine)
    clock = FixedClock(datetime(2026, 11, 23, 10, 0, tzinfo=BAKU))
    settings = CentralSettings(
        server=ServerSettings(db_url=url, secret_key="bench", jobs=False),
        booking=BookingSettings(
            lookup_guesses_per_client=10**5,
            one_per_document_per_service_per_day=False,
            bookings_per_document_per_day=100,
        ),
    )
    services = build_services(settings, clock, engine=engine)
    services.catalogue.publish(catalogue_dict(), clock.now())

    def form(n: int, doc: str, at: str, day: str = "2026-11-24") -> BookingForm:
        email = f"b{n}-{uuid.uuid4().hex[:6]}@mail.az"
        return BookingForm(
            first_name="Aysel",
            last_name="Məmmədova",
            father_name="Rauf qızı",
            id_document=doc,
            phone="+994501234567",
            email=email,
            confirmation_code=services.codes.issue(email),
            centre="baku-1",
            service="passport",
            date=day,
            time=at,
        )

    made = services.bookings.book(form(0, "AZE10000000", "10:00"), "az")
    code, email = made.order_code, made.email
    bare = median_ms(lambda: services.bookings.lookup(code, email), n)
    guarded = median_ms(
        lambda: services.lookups.guarded("10.0.0.1", lambda: services.bookings.lookup(code, email)),
        n,
    )
    firsts, seconds = [], []
    for i in range(min(n, 50)):  # 100 bookings over 20 slots of 6 places
        doc = f"AZE{20000000 + i}"
        first = form(2 * i, doc, TIMES[i % len(TIMES)])
        second = form(2 * i + 1, doc, TIMES[(i + 10) % len(TIMES)])
        start = time.perf_counter()
        services.bookings.book(first, "az")
        firsts.append(time.perf_counter() - start)
        start = time.perf_counter()
        services.bookings.book(second, "az")
        seconds.append(time.perf_counter() - start)
    engine.dispose()
    name = sa.make_url(url).get_backend_name()
    print(
        f"{name:10} lookup bare {bare:.2f} ms, throttled {guarded:.2f} ms (+{guarded - bare:.2f})"
    )
    print(
        f"{name:10} booking: first of the document's day {statistics.median(firsts) * 1000:.2f} ms,"
        f" second (overlap read) {statistics.median(seconds) * 1000:.2f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=300)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        run(f"sqlite:///{folder}/central.db", args.n)
    server = os.environ.get(
        "ASANQ_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
    )
    name = f"asanq_bench_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        run(sa.make_url(server).set(database=name).render_as_string(hide_password=False), args.n)
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


if __name__ == "__main__":
    main()
