"""Staff tools benchmark: call → shown on the hall display, with 10 counters
calling at once (display in its own process, as in a centre), and the
management screen's refresh on a busy day.

    .venv/bin/python bench/bench_staff.py            # SQLite (+ PostgreSQL if reachable)
"""

from __future__ import annotations

import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from sqlalchemy import create_engine, insert, text

from kiosk_app.domain.announcement import HallCall
from kiosk_app.domain.staff import Role
from kiosk_app.services.call_channel import make_publisher
from kiosk_app.services.kiosk.ticket_desk import TicketDesk
from kiosk_app.services.staff.counter_desk import CounterDesk
from kiosk_app.services.staff.types import StaffSession
from kiosk_app.store import make_engine, tables, upgrade, write_tx
from kiosk_app.store.catalogue_repo import replace_catalogue
from server_sync.catalogue_data import load_demo_catalogue
from server_sync.kernel.clock import BAKU, SystemClock

COUNTERS = 10
CALLS_EACH = 30
PG = os.environ.get("ASANQ_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))]


def display_child(url: str) -> int:
    """The hall display as its own process; prints one JSON line per call shown."""
    from PySide6.QtWidgets import QApplication

    from kiosk_app.presenters.display.presenter import DisplayPresenter
    from kiosk_app.services.call_channel import make_listener
    from kiosk_app.services.display.hall import HallFeed
    from kiosk_app.ui.display.window import DisplayWindow
    from server_sync.kernel.i18n import Translator

    app = QApplication([])
    engine = make_engine(url)
    presenter = DisplayPresenter(HallFeed(engine, SystemClock(), "baku-1"), Translator())
    listener = make_listener(url)
    window = DisplayWindow(presenter, listener=listener, poll_seconds=5.0)
    window.resize(1280, 720)
    window.show()

    def shown(new: list[HallCall]) -> None:  # after the window's own listener has drawn them
        now = time.monotonic()
        for call in new:
            print(
                json.dumps({"number": call.number, "counter": call.counter, "t": now}), flush=True
            )

    presenter.listeners.append(shown)
    print("ready", flush=True)
    app.exec()
    return 0


def prepare(url: str, per_counter: int) -> None:
    """Waiting tickets for a service of each of the first COUNTERS counters."""
    upgrade(url)
    engine = make_engine(url)
    cat = load_demo_catalogue()
    now = datetime.now(BAKU)
    rows: list[dict[str, object]] = []
    sequences: dict[str, int] = {}
    for counter in cat.centres["baku-1"].counters[:COUNTERS]:
        service = cat.services[sorted(counter.service_ids)[0]]
        for _ in range(per_counter):
            seq = sequences[service.group] = sequences.get(service.group, 0) + 1
            rows.append(
                {
                    "centre_id": "baku-1",
                    "day": now.date(),
                    "letter": service.group,
                    "sequence": seq,
                    "service_id": service.id,
                    "kind": "walk_in",
                    "status": "waiting",
                    "issued_at": now,
                    "call_time": now,
                    "language": "az",
                }
            )
    with write_tx(engine) as conn:
        replace_catalogue(conn, cat)
        conn.execute(insert(tables.tickets), rows)
    engine.dispose()


def latency(url: str, label: str) -> list[float]:
    prepare(url, CALLS_EACH * 2)
    child = subprocess.Popen(
        [sys.executable, __file__, "--display-child", url], stdout=subprocess.PIPE, text=True
    )
    assert child.stdout is not None
    assert child.stdout.readline().strip() == "ready"
    shown: dict[tuple[str, int], float] = {}

    def read() -> None:
        assert child.stdout is not None
        for line in child.stdout:
            d = json.loads(line)
            shown[(d["number"], d["counter"])] = d["t"]

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    pressed: dict[tuple[str, int], float] = {}
    lock = threading.Lock()
    cat = load_demo_catalogue()
    start = threading.Barrier(COUNTERS)

    def operator(number: int) -> None:
        engine = make_engine(url)
        clock = SystemClock()
        session = StaffSession(f"op{number}", f"Operator {number}", Role.OPERATOR)
        desk = CounterDesk(
            engine,
            clock,
            cat,
            "baku-1",
            number,
            session,
            make_publisher(url),
            TicketDesk(engine, clock, cat, "baku-1"),
            ["disabled"],
        )
        desk.open()
        rng = random.Random(number)
        start.wait()
        for _ in range(CALLS_EACH):
            t0 = time.monotonic()
            r = desk.call_next()
            assert r.ticket is not None, r.message
            with lock:
                pressed[(r.ticket.display, number)] = t0
            desk.start()
            desk.finish()
            time.sleep(rng.uniform(0.02, 0.25))
        engine.dispose()

    threads = [threading.Thread(target=operator, args=(n,)) for n in range(1, COUNTERS + 1)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    deadline = time.monotonic() + 10
    while len(shown) < len(pressed) and time.monotonic() < deadline:
        time.sleep(0.05)
    child.terminate()
    child.wait(timeout=10)
    ms = [(shown[k] - t0) * 1000 for k, t0 in pressed.items() if k in shown]
    missing = len(pressed) - len(ms)
    print(
        f"call → shown on display, {label}, {COUNTERS} counters, {len(pressed)} calls: "
        f"p50 {statistics.median(ms):.1f} ms, p90 {pct(ms, 90):.1f} ms, "
        f"p99 {pct(ms, 99):.1f} ms, max {max(ms):.1f} ms, missed {missing}"
    )
    return ms


def manager_refresh() -> None:
    from PySide6.QtWidgets import QApplication

    from bench.staff_day import busy_day
    from kiosk_app.presenters.staff.manager import ManagerPresenter
    from kiosk_app.services.staff.dashboard import ManagerDashboard
    from kiosk_app.ui.staff.manager import ManagerWidget
    from kiosk_app.ui.staff.theme import apply
    from server_sync.kernel.i18n import Translator

    folder = tempfile.mkdtemp(prefix="asanq-bench-")
    day = busy_day(f"sqlite:///{folder}/busy.db")
    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    apply(app, "staff")
    dash = ManagerDashboard(day.engine, day.clock, day.catalogue, "baku-1", 15)
    session = StaffSession("rauf", "Rauf", Role.MANAGER)
    presenter = ManagerPresenter(dash, Translator(), session, lambda *a: None)
    widget = ManagerWidget(presenter, "Rauf")
    widget.resize(1600, 1000)
    widget.show()
    app.processEvents()
    data, total = [], []
    for _ in range(40):
        t0 = time.perf_counter()
        presenter.refresh(notify=False)
        t1 = time.perf_counter()
        widget.show_view()
        app.processEvents()
        t2 = time.perf_counter()
        data.append((t1 - t0) * 1000)
        total.append((t2 - t0) * 1000)
    f = presenter.view.figures
    print(
        f"management refresh, busy day ({dict(f)['Verilmiş biletlər']} tickets, 28 counters): "
        f"data p50 {statistics.median(data):.1f} ms / p95 {pct(data, 95):.1f} ms; "
        f"data + repaint p50 {statistics.median(total):.1f} ms / p95 {pct(total, 95):.1f} ms"
    )


def pg_url() -> str | None:
    try:
        admin = create_engine(PG, isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 3})
        name = f"asanq_bench_{os.getpid()}"
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        admin.dispose()
        return PG.rsplit("/", 1)[0] + "/" + name
    except Exception as exc:
        print(f"(PostgreSQL not reachable, skipped: {str(exc).splitlines()[0]})")
        return None


def main() -> int:
    folder = tempfile.mkdtemp(prefix="asanq-bench-")
    latency(f"sqlite:///{folder}/centre.db", "SQLite + Unix datagram")
    url = pg_url()
    if url:
        latency(url, "PostgreSQL + LISTEN/NOTIFY")
        admin = create_engine(PG, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{url.rsplit("/", 1)[1]}" WITH (FORCE)'))
        admin.dispose()
    manager_refresh()
    return 0


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--display-child":
        sys.exit(display_child(sys.argv[2]))
    sys.exit(main())
