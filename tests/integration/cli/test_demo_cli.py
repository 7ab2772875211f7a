"""`asan-queue demo` as a newcomer runs it at 23:30 Baku time: a printed code checks
in, a walk-in ticket is had, the check-in reaches the central service without a
conflict; SIGTERM stops every part; a second run doubles nothing and keeps IT's
push; a busy port is one clear line. (Real processes; no screen, so no Qt parts.)"""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest

from kiosk_app.cli.demo_cmd import Ports, clock_offset, demo_environment

CLI = [sys.executable, "-m", "kiosk_app.cli.main"]
WALK_IN_SERVICE = "id-card-issue"  # offered to walk-ins at baku-1 in the demo catalogue
PUSHED = {
    "hours": {d: [["00:00", "23:58"]] for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def base_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ASANQ_")}
    for screen in ("DISPLAY", "WAYLAND_DISPLAY"):
        env.pop(screen, None)
    return env


def cli(env: dict[str, str], *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*CLI, *args], env=env, capture_output=True, text=True, timeout=timeout, check=False
    )


def wait_for(check: Callable[[], bool], seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.3)
    raise AssertionError(f"timed out waiting for {what}")


def query(db: Path, sql: str, *args: object) -> list[tuple[object, ...]]:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql, args).fetchall()


def processes_mentioning(text: str) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
            state = (entry / "stat").read_text().split(") ")[-1][:1]
        except OSError:
            continue
        if text in cmdline and state != "Z":
            found.append(int(entry.name))
    return found


def codes_in(out: str) -> list[str]:
    return re.findall(r"order code (\d{12})", out)


def test_the_demo_at_23_30_baku_time(tmp_path: Path) -> None:
    var = tmp_path / "var"
    ports = Ports(free_port(), free_port())
    env = base_env()
    port_args = ["--port", str(ports.central), "--printer-port", str(ports.printer)]
    demo = subprocess.Popen(
        [*CLI, "demo", "--var", str(var), "--clock", "23:30", *port_args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    out = ""
    try:
        assert demo.stdout is not None
        for line in demo.stdout:
            out += line
            if line.startswith("Central booking pages"):
                break
        assert "order codes to check in now (23:30, Baku time)" in out, out
        codes = codes_in(out)
        assert len(codes) == 5
        part_env = {**env, **demo_environment(var, ports, clock_offset("23:30"))}
        central = f"http://127.0.0.1:{ports.central}"
        wait_for(lambda: _answers(central), 120, "the central service")
        # a newcomer checks in a printed code and takes a walk-in ticket
        checked = cli(part_env, "ticket", "--code", codes[0])
        assert checked.returncode == 0, checked.stdout + checked.stderr
        walk_in = cli(part_env, "ticket", "--service", WALK_IN_SERVICE)
        assert walk_in.returncode == 0, walk_in.stdout + walk_in.stderr
        wait_for(lambda: len(list((var / "tickets").glob("*.png"))) >= 2, 30, "two ticket PNGs")
        # the check-in reaches the central store as a known booking
        central_db = var / "central.db"
        wait_for(
            lambda: (
                query(central_db, "select status from bookings where order_code=?", codes[0])
                == [("checked_in",)]
            ),
            120,
            "the check-in at the central service",
        )
        assert query(central_db, "select kind from sync_conflicts") == []
        # IT pushes hours while the demo runs; the centre takes them
        hours = tmp_path / "hours.json"
        hours.write_text(json.dumps(PUSHED), encoding="utf-8")
        pushed = cli(part_env, "it", "push-hours", str(hours), "--centre", "baku-1")
        assert pushed.returncode == 0, pushed.stderr
        wait_for(lambda: '"23:58"' in _hours(var), 120, "the pushed hours at the centre")
        pids = [int(p) for p in re.findall(r"\(pid (\d+)\)", out)]
        assert len(pids) == 3  # printer emulator, central service, sync agent
    finally:
        demo.send_signal(signal.SIGTERM)
        rest, _ = demo.communicate(timeout=60)
        out += rest or ""
    assert demo.returncode == 0, out
    assert "stopping the demo" in out
    # every part is gone, and anything they started
    wait_for(lambda: not processes_mentioning(str(var)), 15, "no demo process left")
    for pid in pids:
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)
    # running it again: nothing doubled, IT's hours kept, still codes to check in
    before = query(var / "centre.db", "select count(*) from bookings")[0][0]
    again = cli(env, "demo", "--var", str(var), "--clock", "23:30", "--prepare-only")
    assert again.returncode == 0, again.stderr
    after = query(var / "centre.db", "select count(*) from bookings")[0][0]
    assert int(after) - int(before) == 1  # one code was used: one new in its place
    # the demo's bookings exist at central too (the centre also holds two weeks of
    # simulated history for the forecast, which central never had)
    first_day = query(var / "central.db", "select min(day) from bookings")[0][0]
    demo_bookings = query(
        var / "centre.db", "select count(*) from bookings where slot_day >= ?", first_day
    )[0][0]
    assert query(var / "central.db", "select count(*) from bookings")[0][0] == demo_bookings
    assert '"23:58"' in _hours(var)
    assert "kept" in again.stdout
    assert len(codes_in(again.stdout)) == 5
    assert codes[0] not in codes_in(again.stdout)


def _answers(url: str) -> bool:
    try:
        return httpx.get(url, timeout=2).status_code < 500
    except httpx.HTTPError:
        return False


def _hours(var: Path) -> str:
    rows = query(var / "centre.db", "select hours from centres where id='baku-1'")
    return str(rows[0][0]) if rows else ""


def test_a_busy_port_is_one_clear_line(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = cli(base_env(), "demo", "--var", str(tmp_path / "var"), "--port", str(port))
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert f"port {port} is busy" in lines[0]
    assert "--port" in lines[0]
    assert not (tmp_path / "var").exists()  # nothing prepared for a demo that cannot run
