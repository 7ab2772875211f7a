"""Kiosk benchmark: cold start to first frame, last tap → print job handed to the
printer with 100,000 bookings in the store, and RSS over 1,000 visitors.

    .venv/bin/python bench/bench_kiosk.py [--bookings 100000] [--visitors 1000] [--starts 5]

Offscreen Qt, the real presenter, widgets, worker threads and SQLite store; the
printer records when each job reaches it (the hand-over) and drops it.
Targets: cold start ≤ 1.5 s, tap → print job p99 ≤ 20 ms, RSS ≤ 150 MB and flat.
"""

from __future__ import annotations

import argparse
import os
import pty
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from datetime import time as dtime
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication
from sqlalchemy import func, select

from bench.kiosk_scene import CENTRE, MONDAY_10, make_scene
from hardware.emulator import PrinterEmulator
from hardware.printing import READY, PrinterStatus, PrintJob
from kiosk_app.composition.centre import open_centre
from kiosk_app.composition.kiosk import build_backend, build_window
from kiosk_app.presenters.kiosk.presenter import PrintState, Screen
from kiosk_app.presenters.kiosk.runner import ThreadRunner
from kiosk_app.settings import Settings
from kiosk_app.store import booking_repo, make_engine, tables, write_tx
from kiosk_app.ui.kiosk.poster import UiPoster
from server_sync.kernel.booking import Applicant, Booking, BookingStatus, Slot
from server_sync.kernel.clock import BAKU, FixedClock
from server_sync.kernel.order_codes import generate_order_code

PERSON = Applicant("Aysel", "Məmmədova", "Vaqif", "AZE12345678", "+994501234567", "a@mail.az")


class TimingPrinter:
    """A printer that notes when each job is handed over, then forgets the job."""

    def __init__(self) -> None:
        self.handed: list[float] = []

    def print_job(self, job: PrintJob) -> None:
        self.handed.append(time.perf_counter())

    def status(self) -> PrinterStatus:
        return READY

    def close(self) -> None:
        pass


def rss_mb() -> float:
    with open(f"/proc/{os.getpid()}/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


# `asan-queue kiosk` as installed, and the kiosk command alone (what it costs without the
# imports of every other subcommand that `asan-queue`'s parser loads first).
KIOSK_ALONE = (
    "import argparse, sys\n"
    "from kiosk_app.cli import kiosk_cmd\n"
    "parser = argparse.ArgumentParser()\n"
    "kiosk_cmd.register(parser.add_subparsers())\n"
    "args = parser.parse_args(sys.argv[1:])\n"
    "sys.exit(args.handler(args))\n"
)


def cold_start(runs: int, db_url: str, *, alone: bool = False) -> list[float]:
    env = {
        **os.environ,
        "ASANQ_DB__URL": db_url,
        "ASANQ_PRINTER__URL": "dummy://",
        "ASANQ_CENTRE__ID": CENTRE,
        "ASANQ_LOG__LEVEL": "WARNING",
        "QT_QPA_PLATFORM": "offscreen",
    }
    entry = ["-c", KIOSK_ALONE] if alone else ["-m", "kiosk_app.cli.main"]
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, *entry, "kiosk", "--windowed", "--exit-after-first-frame"],
            env=env,
            check=True,
            capture_output=True,
        )
        times.append(time.perf_counter() - started)
    return times


def add_bookings(engine, total: int, checkable: int) -> list[str]:  # type: ignore[no-untyped-def]
    """`total` bookings; the first `checkable` are due now at this centre."""
    day = MONDAY_10.date()
    codes, batch = [], []
    for i in range(total):
        code = generate_order_code()
        if i < checkable:
            slot = Slot(CENTRE, "apostille", day, dtime(10, 15))
            codes.append(code)
        else:
            slot = Slot(CENTRE, "apostille", day.replace(day=1 + i % 28), dtime(9 + i % 9, 0))
        batch.append(Booking(code, slot, PERSON, BookingStatus.BOOKED, MONDAY_10))
        if len(batch) == 5000:
            with write_tx(engine) as conn:
                booking_repo.upsert_bookings(conn, batch, MONDAY_10)
            batch = []
    if batch:
        with write_tx(engine) as conn:
            booking_repo.upsert_bookings(conn, batch, MONDAY_10)
    return codes


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def visitors(db_url: str, codes: list[str], count: int) -> None:
    """Run `count` visitors through a kiosk built like `asan-queue kiosk` builds it
    (this process imports only what the kiosk imports)."""
    app = QApplication.instance() or QApplication([])
    settings = Settings().with_overrides({"db.url": db_url, "centre.id": CENTRE})
    ctx = open_centre(settings, FixedClock(MONDAY_10))
    printer = TimingPrinter()
    backend = build_backend(ctx, printer=printer)
    poster = UiPoster()
    runner = ThreadRunner(poster.post)
    window, p = build_window(backend, settings, runner, locked=False)
    window.resize(1920, 1080)
    window.show()
    app.processEvents()
    tick = QTimer()  # wakes the waiting loop now and then, like the kiosk's own timer
    tick.start(20)

    def wait(cond, what: str) -> None:  # type: ignore[no-untyped-def]
        # Sleep in Qt's loop like the real kiosk does (a busy loop would hog the GIL
        # the worker threads need).
        deadline = time.perf_counter() + 10
        while not cond():
            app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents)
            if time.perf_counter() > deadline:
                raise SystemExit(f"timed out waiting for {what}")

    check_ins: list[float] = []
    walk_ins: list[float] = []
    rss: list[tuple[int, float]] = [(0, rss_mb())]

    def tap(action, *args) -> None:  # type: ignore[no-untyped-def]
        # a real tap goes through the window, which tells the presenter first (without
        # it the idle reset sends the kiosk home mid-visit once 45 s have passed)
        p.touched()
        action(*args)

    for i in range(count):
        before = len(printer.handed)
        if i % 2 == 0:
            tap(p.choose_code)
            tap(p.entry.set, codes[i // 2])  # the first 11 taps
            tapped = time.perf_counter()
            tap(p.submit_code)  # the last tap: "Təsdiq et"
            lane = check_ins
        else:
            tap(p.choose_walk_in)
            wait(lambda: p.screen is Screen.AGENCIES, "the menu")
            tap(p.choose_agency, p.current_page.rows[0].key)
            service = p.current_page.rows[0].key
            tapped = time.perf_counter()
            tap(p.choose_service, service)  # the last tap: the service
            lane = walk_ins
        wait(lambda n=before: len(printer.handed) > n, "the print job")
        lane.append(printer.handed[-1] - tapped)
        wait(lambda: p.print_state is PrintState.PRINTED, "the printed state")
        tap(p.go_home)
        app.processEvents()
        if (i + 1) % 100 == 0:
            rss.append((i + 1, rss_mb()))
    runner.stop()
    for name, values in (("check-in, Confirm tap", check_ins), ("walk-in, service tap", walk_ins)):
        ms = [v * 1000 for v in values]
        print(
            f"tap → print job handed ({name}), {len(ms)} visitors: median "
            f"{statistics.median(ms):.1f} ms, p99 {pct(ms, 0.99):.1f} ms, max {max(ms):.1f} ms"
            "  (target p99 ≤ 20 ms)"
        )
    print("kiosk RSS by visitors: " + ", ".join(f"{n}: {mb:.0f} MB" for n, mb in rss))
    mid = rss[len(rss) // 2]
    print(
        f"kiosk RSS after {count} visitors: {rss[-1][1]:.0f} MB; growth "
        f"{rss[1][0]}→{mid[0]}: {mid[1] - rss[1][1]:+.1f} MB, "
        f"{mid[0]}→{rss[-1][0]}: {rss[-1][1] - mid[1]:+.1f} MB  (target ≤ 150 MB, flat)"
    )
    window.p.quit_requested = True
    window.close()
    ctx.close()


def process_rss_mb(pid: int) -> float:
    with open(f"/proc/{pid}/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def real_kiosk_day(db_url: str, engine, count: int) -> None:  # type: ignore[no-untyped-def]
    """`asan-queue kiosk` as its own process, fed by a serial scanner on a pty: RSS
    of the real program after `count` visitors checked in and got a ticket."""
    now = datetime.now(BAKU)
    slot = (now + timedelta(minutes=15)).replace(second=0, microsecond=0)
    if slot.date() != now.date():
        print("real kiosk day: skipped (too close to midnight for same-day bookings)")
        return
    codes = []
    batch = []
    for _ in range(count):
        code = generate_order_code()
        codes.append(code)
        batch.append(
            Booking(
                code,
                Slot(CENTRE, "apostille", slot.date(), slot.time()),
                PERSON,
                BookingStatus.BOOKED,
                now,
            )
        )
    with write_tx(engine) as conn:
        booking_repo.upsert_bookings(conn, batch, now)
    master, slave = pty.openpty()
    # a network printer (the emulator, in this process): dummy:// keeps every byte it
    # was sent, which would count against the kiosk
    emulator = PrinterEmulator(Path(db_url.removeprefix("sqlite:///")).parent / "tickets")
    emulator.start()
    env = {
        **os.environ,
        "ASANQ_DB__URL": db_url,
        "ASANQ_PRINTER__URL": emulator.url,
        "ASANQ_CENTRE__ID": CENTRE,
        "ASANQ_LOG__LEVEL": "WARNING",
        "ASANQ_SCANNER__URL": os.ttyname(slave),
        "QT_QPA_PLATFORM": "offscreen",
    }
    proc = subprocess.Popen(
        [sys.executable, "-m", "kiosk_app.cli.main", "kiosk", "--windowed"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )

    def tickets() -> int:
        with engine.connect() as conn:
            return int(conn.execute(select(func.count()).select_from(tables.tickets)).scalar_one())

    try:
        start = tickets()
        time.sleep(3)  # let it start and open the scanner
        rss = [(0, process_rss_mb(proc.pid))]
        for i, code in enumerate(codes):
            # a scan that lands while the kiosk is still busy with the last visitor is
            # ignored (as at a real kiosk): scan again, like a person would
            for _attempt in range(5):
                os.write(master, f"{code}\r\n".encode())
                deadline = time.perf_counter() + 2
                while tickets() < start + i + 1 and time.perf_counter() < deadline:
                    time.sleep(0.005)
                if tickets() >= start + i + 1:
                    break
            else:
                raise SystemExit(f"the kiosk did not issue a ticket for visitor {i + 1}")
            emulator.wait_for_jobs(i + 1, timeout=10)  # printed
            if (i + 1) % 100 == 0:
                rss.append((i + 1, process_rss_mb(proc.pid)))
        print(
            "`asan-queue kiosk` process RSS by visitors (serial scans, check-ins): "
            + ", ".join(f"{n}: {mb:.0f} MB" for n, mb in rss)
        )
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=15)
        emulator.stop()
        os.close(master)
        os.close(slave)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bookings", type=int, default=100_000)
    parser.add_argument("--visitors", type=int, default=1000)
    parser.add_argument("--starts", type=int, default=5)
    parser.add_argument(
        "--child", nargs=2, metavar=("DB_URL", "CODES_FILE"), help=argparse.SUPPRESS
    )
    args = parser.parse_args()
    if args.child:
        db_url, codes_file = args.child
        visitors(db_url, Path(codes_file).read_text().split(), args.visitors)
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        scene = make_scene(Path(tmp))
        t = time.perf_counter()
        codes = add_bookings(scene.ctx.engine, args.bookings, args.visitors // 2 + 1)
        db_url = scene.settings.db.url
        scene.close()
        print(f"store: {args.bookings:,} bookings in {time.perf_counter() - t:.1f} s")
        for alone, what in ((False, "`asan-queue kiosk`"), (True, "the kiosk command alone")):
            starts = cold_start(args.starts, db_url, alone=alone)
            print(
                f"cold start to first frame, {what} (process start → first paint), "
                f"{len(starts)} runs: median {statistics.median(starts) * 1000:.0f} ms, "
                f"min {min(starts) * 1000:.0f} ms  (target ≤ 1500 ms)"
            )
        engine = make_engine(db_url)
        real_kiosk_day(db_url, engine, args.visitors)
        engine.dispose()
        codes_file = Path(tmp) / "codes.txt"
        codes_file.write_text("\n".join(codes))
        subprocess.run(
            [
                sys.executable,
                __file__,
                "--visitors",
                str(args.visitors),
                "--child",
                db_url,
                str(codes_file),
            ],
            check=True,
            env={**os.environ, "ASANQ_LOG__LEVEL": "WARNING"},
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
