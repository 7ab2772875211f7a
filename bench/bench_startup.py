"""Start-up costs: CPU of one `asan-queue ticket --service`, kiosk cold start to
first frame, and what a start leaves behind in the temporary folder.

    .venv/bin/python bench/bench_startup.py [--tickets 20] [--starts 10] [--tmp-starts 50]

Every process runs with a private TMPDIR that is checked afterwards. The store
has the demo catalogue with Baku centre No. 1 open round the clock, so each
`ticket --service` run issues and prints a real ticket (to `dummy://`): first with
no kiosk running (the command opens the store itself), then handed to a running
kiosk over its socket (what happens at a centre whose kiosk is up).
Targets: ticket CPU ≤ 0.5 s per process, cold start ≤ 1.5 s, no files left.
"""

from __future__ import annotations

import argparse
import os
import resource
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.kiosk_scene import prepare_store
from kiosk_app.services.kiosk.handoff import socket_path
from server_sync.catalogue_data import load_demo_catalogue
from server_sync.kernel.catalogue import Catalogue

CENTRE = "baku-1"
ALWAYS = {d: [["00:00", "23:59"]] for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}


def open_all_day() -> Catalogue:
    data = load_demo_catalogue().to_dict()
    for centre in data["centres"]:
        if centre["id"] == CENTRE:
            centre["hours"] = ALWAYS
            centre["holidays"] = []
    return Catalogue.from_dict(data)


def child_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run(args: list[str], env: dict[str, str]) -> tuple[float, float, int]:
    """(wall s, CPU s, exit code) of one process."""
    cpu, t0 = child_cpu(), time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "kiosk_app.cli.main", *args], env=env, capture_output=True
    )
    return time.perf_counter() - t0, child_cpu() - cpu, done.returncode


def _cpu_of(command: list[str], env: dict[str, str]) -> float:
    cpu = child_cpu()
    subprocess.run(command, env=env, capture_output=True, check=True)
    return child_cpu() - cpu


def handed_off_cpu(command: list[str], env: dict[str, str], url: str, runs: int) -> list[float]:
    """CPU of each `command` run while a kiosk runs on the store (it takes the ticket
    over its socket and prints it; the command never opens the store)."""
    path = socket_path("auto", url)
    assert path is not None
    kiosk = subprocess.Popen(
        [sys.executable, "-m", "kiosk_app.cli.main", "kiosk", "--windowed"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while not path.exists():
            assert kiosk.poll() is None, "kiosk stopped"
            assert time.monotonic() < deadline, "kiosk did not start"
            time.sleep(0.1)
        cpus = []
        for _ in range(runs):
            _wall, cpu, code = run(command, env)
            assert code == 0, f"{' '.join(command)} exited {code}"
            cpus.append(cpu)
    finally:
        kiosk.send_signal(signal.SIGTERM)
        kiosk.wait(30)
    return cpus


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tickets", type=int, default=20)
    parser.add_argument("--starts", type=int, default=10)
    parser.add_argument("--tmp-starts", type=int, default=50)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = prepare_store(Path(folder), open_all_day())
        tmp = Path(folder) / "tmp"
        tmp.mkdir()
        env = {
            **os.environ,
            "TMPDIR": str(tmp),
            "ASANQ_DB__URL": url,
            "ASANQ_CENTRE__ID": CENTRE,
            "ASANQ_PRINTER__URL": "dummy://",
            "ASANQ_LOG__LEVEL": "WARNING",
            "QT_QPA_PLATFORM": "offscreen",
            # bytecode cached as an installed wheel has it (pip compiles at install); a
            # shell with PYTHONDONTWRITEBYTECODE would otherwise compile every module anew
            "PYTHONPYCACHEPREFIX": str(Path(folder) / "pycache"),
        }
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        service = sorted(
            s for s in open_all_day().centres[CENTRE].service_ids if s.startswith("passport")
        )[0]
        run(["ticket", "--service", service], env)  # first run: caches, .pyc
        reference = statistics.median(
            _cpu_of([sys.executable, "-c", "import sqlalchemy, pydantic"], env) for _ in range(5)
        )
        print(
            f"machine reference: `python -c 'import sqlalchemy, pydantic'` CPU median "
            f"{reference:.2f} s (scale the figures below by it when machines differ)"
        )
        walls, cpus = [], []
        for _ in range(args.tickets):
            wall, cpu, code = run(["ticket", "--service", service], env)
            assert code == 0, f"ticket --service exited {code}"
            walls.append(wall)
            cpus.append(cpu)
        print(
            f"`asan-queue ticket --service {service}` ({args.tickets} runs): CPU median "
            f"{statistics.median(cpus):.2f} s, max {max(cpus):.2f} s; wall median "
            f"{statistics.median(walls):.2f} s  (target CPU ≤ 0.5 s)"
        )
        handed = handed_off_cpu(["ticket", "--service", service], env, url, args.tickets)
        print(
            f"the same, handed to a running kiosk ({args.tickets} runs): CPU median "
            f"{statistics.median(handed):.2f} s, max {max(handed):.2f} s  (target ≤ 0.5 s)"
        )
        starts = []
        for _ in range(args.starts):
            wall, _cpu, code = run(["kiosk", "--windowed", "--exit-after-first-frame"], env)
            assert code == 0, f"kiosk exited {code}"
            starts.append(wall)
        print(
            f"kiosk cold start to first frame ({args.starts} runs): median "
            f"{statistics.median(starts) * 1000:.0f} ms, min {min(starts) * 1000:.0f} ms"
            "  (target ≤ 1500 ms)"
        )
        before = set(tmp.iterdir())
        for _ in range(args.tmp_starts):
            run(["kiosk", "--windowed", "--exit-after-first-frame"], env)
        left = set(tmp.iterdir()) - before
        print(
            f"TMPDIR after {args.tmp_starts} more kiosk starts: {len(left)} new entries left"
            f" ({len(before)} from the first {args.tickets + args.starts + 1} processes)"
            "  (target 0)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
