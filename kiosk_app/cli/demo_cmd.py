"""`asan-queue demo`: the whole centre on one machine, from empty stores, at any hour.

Prepares `var/` (centre and central stores, migrated and seeded: the demo centre
open all day, order codes whose slots are in the check-in window now, the same
bookings in both stores), then starts each part as its own process, the way a
centre runs them: the printer emulator, the central booking service, the sync
agent, and, when there is a screen, the kiosk, the staff console and the hall
display. Ctrl-C or SIGTERM stops them all. Running it again adds nothing twice
and keeps what IT pushed.
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from types import FrameType
from typing import Any

from kiosk_app.cli.common import UserError
from kiosk_app.services.kiosk.pin import hash_pin
from server_sync.kernel.clock import BAKU

CENTRE = "baku-1"
DEMO_KIOSK_PIN = "1234"
PR_SET_PDEATHSIG = 1


@dataclass(frozen=True)
class Part:
    name: str
    args: list[str]
    needs_screen: bool = False


@dataclass(frozen=True)
class Ports:
    central: int = 8080
    printer: int = 9100


def register(sub: Any) -> None:
    parser = sub.add_parser("demo", help="run the whole centre on this machine")
    parser.add_argument("--var", default="var", help="folder for stores, tickets and mail")
    parser.add_argument(
        "--prepare-only",
        action="store_true",
        help="prepare the stores and exit (no processes started)",
    )
    parser.add_argument(
        "--port", type=int, default=8080, help="the central booking service's port (8080)"
    )
    parser.add_argument(
        "--printer-port", type=int, default=9100, help="the printer emulator's port (9100)"
    )
    parser.add_argument(
        "--clock",
        metavar="HH:MM",
        help="pretend it is this time of today in Baku (every demo process)",
    )
    parser.set_defaults(handler=_demo)


def demo_environment(var: Path, ports: Ports = Ports(), offset_s: float = 0.0) -> dict[str, str]:
    """Settings every demo process shares (passed as ASANQ_* variables)."""
    central = f"http://127.0.0.1:{ports.central}"
    return {
        "ASANQ_DEMO": "true",
        "ASANQ_DEMO_CLOCK_OFFSET_S": str(offset_s),
        "ASANQ_DB__URL": f"sqlite:///{var / 'centre.db'}",
        "ASANQ_CENTRE__ID": CENTRE,
        "ASANQ_PRINTER__URL": f"network://127.0.0.1:{ports.printer}",
        "ASANQ_SERVER__DB_URL": f"sqlite:///{var / 'central.db'}",
        "ASANQ_SERVER__SECRET_KEY": "demo-only-secret",
        "ASANQ_SMTP__OUTBOX_DIR": str(var / "mail"),
        "ASANQ_SYNC__CENTRAL_URL": central,
        "ASANQ_KIOSK__STATUS_BASE_URL": f"{central}/t",
        "ASANQ_KIOSK__EXIT_PIN_HASH": hash_pin(DEMO_KIOSK_PIN),
    }


def clock_offset(text: str | None, now: datetime | None = None) -> float:
    """Seconds from now to `HH:MM` today in Baku (0 without --clock)."""
    if not text:
        return 0.0
    try:
        hour, minute = (int(x) for x in text.split(":"))
        now = now or datetime.now(BAKU)
        target = now.astimezone(BAKU).replace(hour=hour, minute=minute, second=0, microsecond=0)
    except ValueError:
        raise UserError(f"--clock {text!r}: expected a time like 23:30") from None
    return (target - now).total_seconds()


def check_port(port: int, option: str) -> None:
    """One clear line when a port the demo needs is taken."""
    if not 1 <= port <= 65535:
        raise UserError(f"{option} {port}: not a port number (1-65535)")
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            raise UserError(
                f"port {port} is busy (another demo or program uses it): "
                f"stop it, or choose another with {option} N"
            ) from None


def _run(cmd: list[str], env: dict[str, str]) -> None:
    done = subprocess.run([sys.executable, "-m", "kiosk_app.cli.main", *cmd], env=env, check=False)
    if done.returncode != 0:
        raise UserError(f"demo step failed: asan-queue {' '.join(cmd)}")


def _parts(var: Path, ports: Ports) -> list[Part]:
    return [
        Part(
            "printer-emulator",
            [
                "printer-emulator",
                "--port",
                str(ports.printer),
                "--out",
                str(var / "tickets"),
            ],
        ),
        Part("server", ["server", "--port", str(ports.central)]),
        Part("sync", ["sync", "--centre", CENTRE]),
        Part("display", ["display", "--windowed"], needs_screen=True),
        Part("staff", ["staff"], needs_screen=True),
        Part("kiosk", ["kiosk", "--windowed"], needs_screen=True),
    ]


def _die_with_parent() -> None:
    """In the child: SIGTERM when the demo dies, even by SIGKILL (Linux)."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


class _Stop(Exception):
    """SIGTERM or SIGINT reached the demo."""


def _stop(_signum: int, _frame: FrameType | None) -> None:
    raise _Stop


def _demo(args: argparse.Namespace) -> int:
    var = Path(args.var).resolve()
    ports = Ports(args.port, args.printer_port)
    offset = clock_offset(args.clock)
    if not args.prepare_only:
        check_port(ports.central, "--port")
        check_port(ports.printer, "--printer-port")
    var.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, **demo_environment(var, ports, offset)}
    _run(["db", "upgrade"], env)
    _run(["server", "prepare-demo"], env)
    _run(["db", "seed-demo", "--centre", CENTRE, "--central-db", env["ASANQ_SERVER__DB_URL"]], env)
    print(
        f"\nDemo stores in {var}; printed tickets as PNG in {var / 'tickets'}; "
        f"e-mails as .eml in {var / 'mail'}"
    )
    if args.prepare_only:
        return 0
    return _run_parts(var, ports, env)


def _run_parts(var: Path, ports: Ports, env: dict[str, str]) -> int:
    has_screen = bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    procs: list[tuple[str, subprocess.Popen[bytes]]] = []
    previous = {s: signal.signal(s, _stop) for s in (signal.SIGTERM, signal.SIGINT)}
    try:
        for part in _parts(var, ports):
            if part.needs_screen and not has_screen:
                print(f"  (no screen: {part.name} not started; run the demo on a desktop)")
                continue
            cmd = [sys.executable, "-m", "kiosk_app.cli.main", *part.args]
            # its own process group: a stop reaches the part's own children too
            proc = subprocess.Popen(
                cmd, env=env, start_new_session=True, preexec_fn=_die_with_parent
            )
            procs.append((part.name, proc))
            print(f"  started {part.name} (pid {proc.pid})", flush=True)
        print(
            f"Central booking pages: http://127.0.0.1:{ports.central}/  ·  Ctrl-C stops the demo",
            flush=True,
        )
        while all(p.poll() is None for _, p in procs):
            time.sleep(0.5)
        failed = [name for name, p in procs if p.poll() not in (None, 0)]
        if failed:
            print(f"demo part stopped: {', '.join(failed)}", file=sys.stderr)
            return 1
    except (_Stop, KeyboardInterrupt):
        print("stopping the demo", flush=True)
    finally:
        for s in (signal.SIGTERM, signal.SIGINT):
            signal.signal(s, signal.SIG_IGN)  # a second Ctrl-C must not cut the clean-up
        _stop_all(procs)
        for s, handler in previous.items():
            signal.signal(s, handler)
    return 0


def _stop_all(procs: list[tuple[str, subprocess.Popen[bytes]]]) -> None:
    """SIGTERM to each part's process group; SIGKILL what is left after 10 s."""
    for _, p in procs:
        if p.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(p.pid, signal.SIGTERM)
    deadline = time.monotonic() + 10
    for _, p in procs:
        with contextlib.suppress(subprocess.TimeoutExpired):
            p.wait(timeout=max(deadline - time.monotonic(), 0.1))
    for _, p in procs:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(p.pid, signal.SIGKILL)  # the group: stragglers of a stopped part too
        if p.poll() is None:
            p.wait(timeout=5)


__all__ = ["CENTRE", "DEMO_KIOSK_PIN", "Ports", "check_port", "clock_offset", "demo_environment"]
