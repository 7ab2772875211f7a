"""docs/install.md, "Provisioning a centre", followed step by step (minus systemd):
the central service on PostgreSQL, IT's token and catalogue, a centre node installed
with `asan-queue install centre kiosk`, its store migrated, a first sync, a check, a
walk-in ticket, and the centre reported as connected at the central service.

The machines are two temporary roots (`--root`); the commands run as the installed
units and `asan-queue-admin` would run them (ASANQ_CONFIG, ASANQ_SECRETS), with the
paths inside the settings (the store, the backup folder) moved under the root."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from importlib import resources
from pathlib import Path

import pytest

from tests.integration.install.conftest import install

ALL_DAY = {d: [["00:00", "23:59"]] for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Machine:
    """A temporary root with an installed role, and `asan-queue-admin` on it."""

    def __init__(self, root: Path, role: str) -> None:
        self.root = root
        self.role = role

    def env(self, config: str | None = None) -> dict[str, str]:
        state = self.root / "var" / "lib" / "asan-queue"
        return {
            **os.environ,
            "ASANQ_CONFIG": str(self.root / "etc" / "asan-queue" / f"{config or self.role}.toml"),
            "ASANQ_SECRETS": str(self.root / "etc" / "asan-queue" / "secrets.env"),
            # the settings name the target machine's paths; here they live under the root
            "ASANQ_DB__URL": f"sqlite:///{state / 'centre.db'}",
            "ASANQ_BACKUP__DIR": str(state / "backups"),
            "ASANQ_LOG__LEVEL": "WARNING",
            "ASANQ_LOG__JSON": "false",
        }

    def admin(self, *args: str, config: str | None = None, stdin: str = "") -> str:
        done = subprocess.run(
            [sys.executable, "-m", "kiosk_app.cli.main", *args],
            input=stdin,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
            env=self.env(config),
        )
        assert done.returncode == 0, f"asan-queue {' '.join(args)}:\n{done.stderr}{done.stdout}"
        return done.stdout


def wait_http(port: int, proc: subprocess.Popen[bytes], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert proc.poll() is None, "the central service stopped"
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.1)
    raise AssertionError("the central service did not start")


@pytest.mark.postgres
@pytest.mark.slow
def test_from_it_token_to_a_synced_centre_issuing_tickets(pg_database: str, tmp_path: Path) -> None:
    port = free_port()
    catalogue = tmp_path / "catalogue.json"
    catalogue.write_text(
        (resources.files("assets") / "catalogue" / "catalogue.json").read_text("utf-8"), "utf-8"
    )
    hours = tmp_path / "gence-hours.json"
    hours.write_text(json.dumps({"hours": ALL_DAY, "holidays": []}), "utf-8")

    # The central service (docs: "The central service")
    central = Machine(tmp_path / "central", "central")
    done = install(
        central.root,
        "central",
        "--central-db",
        pg_database,
        "--port",
        str(port),
        "--public-url",
        f"http://127.0.0.1:{port}",
        "--workers",
        "1",
    )
    assert done.returncode == 0, done.stderr
    assert "ASANQ_SERVER__SECRET_KEY" in done.stdout
    central.admin("db", "upgrade", "--store", "central", "--backup-first")  # ExecStartPre
    central.admin("server", "seed", "--catalogue", str(catalogue))
    server = subprocess.Popen(
        [sys.executable, "-m", "kiosk_app.cli.main", "server"],  # ExecStart
        env={**central.env(), "ASANQ_SERVER__JOBS": "false"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_http(port, server)

        # Provisioning a centre, step 1-2: IT issues the token and sets the centre's hours
        # (the catalogue itself comes with the first sync)
        issued = central.admin("it", "token", "issue", "--centre", "gence", "--label", "node 1")
        token = issued.strip().splitlines()[-1]
        central.admin("it", "push-hours", str(hours), "--centre", "gence")

        # step 3-4: the centre node (software installed), `asan-queue install`
        node = Machine(tmp_path / "gence", "centre")
        done = install(
            node.root,
            "centre",
            "kiosk",
            "--centre",
            "gence",
            "--central-url",
            f"http://127.0.0.1:{port}",
            "--printer",
            "dummy://",
            "--token-file",
            "-",
            stdin=token + "\n",
        )
        assert done.returncode == 0, done.stderr
        assert "exit PIN is" in done.stdout

        # step 5-7: the store, the first sync, the check
        assert "is at migration" in node.admin("db", "upgrade", "--backup-first")
        first = node.admin("sync", "--once")
        assert first.startswith("catalogue version "), first
        assert "0 config changes" in first, first  # the hours are in the pulled version
        assert "applied: gence" in central.admin("it", "pushes")
        assert node.admin("db", "check").startswith("ok: ")

        # step 8: a walk-in ticket, as the kiosk's settings have it (printer dummy://)
        ticket = node.admin("ticket", "--service", "id-card-issue", config="kiosk")
        assert ticket.startswith("Bilet verildi: "), ticket
        pushed = node.admin("sync", "--once")
        assert "pushed 1 events" in pushed or "pushed 2 events" in pushed, pushed

        # step 10: IT sees the centre
        status = central.admin("it", "status")
        gence = next(line for line in status.splitlines() if line.startswith("gence"))
        assert gence.split()[1] == "ok", status
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
