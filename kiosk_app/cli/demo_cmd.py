"""`asan-queue demo`: the whole centre on one machine, from empty stores.

Prepares `var/` (centre and central stores, migrated and seeded), then starts
each part as its own process, the way a centre runs them: the printer
emulator, the central booking service, the sync agent, and, when there is a
screen, the kiosk, the staff console and the hall display. Ctrl-C stops all.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kiosk_app.cli.common import UserError
from kiosk_app.services.kiosk.pin import hash_pin

CENTRE = "baku-1"
DEMO_KIOSK_PIN = "1234"


@dataclass(frozen=True)
class Part:
    name: str
    args: list[str]
    needs_screen: bool = False


def register(sub: Any) -> None:
    parser = sub.add_parser("demo", help="run the whole centre on this machine")
    parser.add_argument("--var", default="var", help="folder for stores, tickets and mail")
    parser.add_argument(
        "--prepare-only",
        action="store_true",
        help="prepare the stores and exit (no processes started)",
    )
    parser.set_defaults(handler=_demo)


def demo_environment(var: Path) -> dict[str, str]:
    """Settings every demo process shares (passed as ASANQ_* variables)."""
    return {
        "ASANQ_DEMO": "true",
        "ASANQ_DB__URL": f"sqlite:///{var / 'centre.db'}",
        "ASANQ_CENTRE__ID": CENTRE,
        "ASANQ_PRINTER__URL": "network://127.0.0.1:9100",
        "ASANQ_SERVER__DB_URL": f"sqlite:///{var / 'central.db'}",
        "ASANQ_SERVER__SECRET_KEY": "demo-only-secret",
        "ASANQ_SMTP__OUTBOX_DIR": str(var / "mail"),
        "ASANQ_SYNC__CENTRAL_URL": "http://127.0.0.1:8080",
        "ASANQ_KIOSK__EXIT_PIN_HASH": hash_pin(DEMO_KIOSK_PIN),
    }


def _run(cmd: list[str], env: dict[str, str]) -> None:
    done = subprocess.run([sys.executable, "-m", "kiosk_app.cli.main", *cmd], env=env, check=False)
    if done.returncode != 0:
        raise UserError(f"demo step failed: asan-queue {' '.join(cmd)}")


def _parts(var: Path) -> list[Part]:
    return [
        Part(
            "printer-emulator",
            ["printer-emulator", "--port", "9100", "--out", str(var / "tickets")],
        ),
        Part("server", ["server", "--port", "8080"]),
        Part("sync", ["sync", "--centre", CENTRE]),
        Part("display", ["display", "--windowed"], needs_screen=True),
        Part("staff", ["staff"], needs_screen=True),
        Part("kiosk", ["kiosk", "--windowed"], needs_screen=True),
    ]


def _demo(args: argparse.Namespace) -> int:
    var = Path(args.var).resolve()
    var.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, **demo_environment(var)}
    _run(["db", "upgrade"], env)
    # two weeks of simulated history: tomorrow's forecast on the management screen
    _run(["db", "seed-demo", "--centre", CENTRE, "--history-days", "14"], env)
    _run(["server", "prepare-demo"], env)
    print(
        f"\nDemo stores in {var}; printed tickets as PNG in {var / 'tickets'}; "
        f"e-mails as .eml in {var / 'mail'}"
    )
    if args.prepare_only:
        return 0
    has_screen = bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    procs: list[tuple[str, subprocess.Popen[bytes]]] = []
    for part in _parts(var):
        if part.needs_screen and not has_screen:
            print(f"  (no screen: {part.name} not started; run the demo on a desktop)")
            continue
        cmd = [sys.executable, "-m", "kiosk_app.cli.main", *part.args]
        procs.append((part.name, subprocess.Popen(cmd, env=env)))
        print(f"  started {part.name}")
    print("Central booking pages: http://127.0.0.1:8080/  ·  Ctrl-C stops the demo")
    try:
        while all(p.poll() is None for _, p in procs):
            time.sleep(0.5)
        failed = [name for name, p in procs if p.poll() not in (None, 0)]
        if failed:
            print(f"demo part stopped: {', '.join(failed)}", file=sys.stderr)
            return 1
    except KeyboardInterrupt:
        pass
    finally:
        for _, p in procs:
            if p.poll() is None:
                p.send_signal(signal.SIGINT)
        for _, p in procs:
            try:
                p.wait(timeout=10)
            except subprocess.TimeoutExpired:
                p.kill()
    return 0
