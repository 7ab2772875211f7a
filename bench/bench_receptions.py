"""Reception requests on one SQLite central store: the request transaction (place,
booking, request, event, e-mail and SMS queued), the history with a date search, the
notice PDF, and the date parser. Prints medians.

    .venv/bin/python bench/bench_receptions.py [--requests 200]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import date, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import sqlalchemy as sa

from server_sync.app import build_services
from server_sync.catalogue_data import load_demo_catalogue
from server_sync.config import ServerSettings
from server_sync.domain.loose_dates import parse_loose_date
from server_sync.domain.receptions import RequestForm
from server_sync.kernel.clock import BAKU, FixedClock
from server_sync.services.receptions import HistoryQuery, seed_demo_officials
from server_sync.services.receptions.notice import notice_facts, notice_pdf
from server_sync.settings import CentralSettings
from server_sync.store.account_tables import citizens
from server_sync.store.migrate import upgrade
from server_sync.store.reception_tables import reception_officials


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=200)
    count = parser.parse_args().requests
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{folder}/central.db"
        clock = FixedClock(datetime(2026, 11, 23, 10, 0, tzinfo=BAKU))
        settings = CentralSettings(
            server=ServerSettings(db_url=url, secret_key="bench", jobs=False)
        )
        services = build_services(settings, clock)
        upgrade(services.engine)
        services.catalogue.publish(load_demo_catalogue().to_dict(), clock.now())
        seed_demo_officials(services.engine)
        now = clock.now()
        with services.engine.begin() as conn:
            conn.execute(reception_officials.update().values(capacity=100_000))
            citizen_id = conn.execute(
                citizens.insert()
                .values(
                    login="bench",
                    login_key="bench",
                    password_hash="x",
                    fin_key="bench",
                    id_document="AZE10000001",
                    first_name="Aysel",
                    last_name="Məmmədova",
                    father_name="Rauf qızı",
                    birth_date=date(1990, 5, 17),
                    phone="+994501112233",
                    email="aysel.m@mail.az",
                    address="Bakı, Nizami 10",
                    secret_question="first_school",
                    secret_answer_hash="x",
                    created_at=now,
                    last_active_at=now,
                    activated_at=now,
                )
                .returning(citizens.c.id)
            ).scalar_one()
        requests = services.receptions.requests
        official = requests.officials.get("isgenderov-sahin")
        assert official is not None
        days = [d.isoformat() for d in requests.dates(official).offered]
        timings = []
        for i in range(count):
            form = RequestForm(
                official.id,
                days[i % len(days)],
                "housing",
                "private_sector",
                "none",
                "aysel.m@mail.az",
                "050 111 22 33",
                "MHM",
                True,
                "",
                "bench",
            )
            started = time.perf_counter()
            view = requests.submit(citizen_id, form, "az")
            timings.append(time.perf_counter() - started)
        print(
            f"request (one transaction): median {statistics.median(timings) * 1000:.2f} ms "
            f"over {count}"
        )
        searched = []
        for _ in range(20):
            started = time.perf_counter()
            found = requests.history(citizen_id, HistoryQuery(day=date(2026, 11, 24)))
            searched.append(time.perf_counter() - started)
        print(
            f"history search by date ({len(found)} of {count}): median "
            f"{statistics.median(searched) * 1000:.1f} ms"
        )
        pdfs = []
        facts = notice_facts(view, official, "reception.hours.all_day", "az", clock.now())
        for _ in range(10):
            started = time.perf_counter()
            notice_pdf(facts, "az")
            pdfs.append(time.perf_counter() - started)
        print(f"notice PDF with Code 128: median {statistics.median(pdfs) * 1000:.1f} ms")
        texts = ["8.4.2015", "2015-04-08", "8 aprel 2015", "8 апреля 2015", "April 8, 2015"]
        started = time.perf_counter()
        for _ in range(2000):
            for text in texts:
                parse_loose_date(text)
        per = (time.perf_counter() - started) / (2000 * len(texts))
        print(f"date parser: {per * 1e6:.1f} µs a date")
        with services.engine.connect() as conn:
            assert conn.execute(sa.select(sa.func.count()).select_from(citizens)).scalar_one() == 1
        services.engine.dispose()


if __name__ == "__main__":
    main()
