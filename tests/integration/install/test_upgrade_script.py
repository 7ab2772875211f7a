"""`asan-queue-upgrade NEW_VENV`, the script the install writes, with systemctl, setpriv
and the new version's `asan-queue` replaced by recording stand-ins: a migration that
works switches `current` to the new version; one that fails leaves `current` on the
old version and starts it again."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from tests.integration.install.conftest import install

RECORD = """#!/bin/sh
echo "$(basename "$0") $*" >> "{log}"
"""


def tool(folder: Path, name: str, body: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(body, encoding="utf-8")
    path.chmod(0o755)
    return path


@pytest.fixture
def machine(tmp_path: Path) -> dict[str, Path]:
    root, log = tmp_path / "root", tmp_path / "calls.log"
    current = tmp_path / "opt" / "current"
    old = tmp_path / "opt" / "0.1.0"
    assert install(root, "centre", "central", "--venv", str(current)).returncode == 0
    tool(old / "bin", "asan-queue", RECORD.format(log=log))
    current.symlink_to(old)
    stand_ins = tmp_path / "stand-ins"
    tool(stand_ins, "systemctl", RECORD.format(log=log))
    tool(stand_ins, "id", "#!/bin/sh\necho 0\n")  # the script wants root
    # setpriv --reuid=asanq … -- CMD: record, then run CMD as we are
    tool(
        stand_ins,
        "setpriv",
        RECORD.format(log=log) + 'while [ "$1" != "--" ]; do shift; done\nshift\nexec "$@"\n',
    )
    return {
        "script": root / "usr" / "local" / "sbin" / "asan-queue-upgrade",
        "current": current,
        "old": old,
        "new": tmp_path / "opt" / "0.2.0",
        "log": log,
        "path": stand_ins,
    }


def upgrade(m: dict[str, Path], migration_exit: int) -> subprocess.CompletedProcess[str]:
    tool(m["new"] / "bin", "asan-queue", RECORD.format(log=m["log"]) + f"exit {migration_exit}\n")
    return subprocess.run(
        ["sh", str(m["script"]), str(m["new"])],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env={**os.environ, "PATH": f"{m['path']}:{os.environ['PATH']}"},
    )


def calls(m: dict[str, Path]) -> list[str]:
    return m["log"].read_text(encoding="utf-8").splitlines()


def test_a_migration_that_works_switches_to_the_new_version(machine: dict[str, Path]) -> None:
    done = upgrade(machine, 0)
    assert done.returncode == 0, done.stderr
    assert os.path.realpath(machine["current"]) == str(machine["new"])
    lines = [c for c in calls(machine) if not c.startswith("setpriv")]
    assert lines == [
        "systemctl stop asan-queue.target",
        "asan-queue --config /etc/asan-queue/centre.toml db upgrade --store centre --backup-first",
        "asan-queue --config /etc/asan-queue/central.toml db upgrade --store central --backup-first",
        "systemctl daemon-reload",
        "systemctl start asan-queue.target",
    ]
    assert any(c.startswith("setpriv --reuid=asanq") for c in calls(machine))
    assert f"now running {machine['new']}" in done.stdout


def test_a_failed_migration_keeps_the_old_version_running(machine: dict[str, Path]) -> None:
    done = upgrade(machine, 1)
    assert done.returncode == 1
    assert "could not be migrated; staying on" in done.stderr
    assert os.path.realpath(machine["current"]) == str(machine["old"])
    lines = [c for c in calls(machine) if not c.startswith("setpriv")]
    assert lines == [
        "systemctl stop asan-queue.target",
        "asan-queue --config /etc/asan-queue/centre.toml db upgrade --store centre --backup-first",
        "systemctl start asan-queue.target",
    ]


def test_a_missing_new_version_changes_nothing(machine: dict[str, Path], tmp_path: Path) -> None:
    done = subprocess.run(
        ["sh", str(machine["script"]), str(tmp_path / "nowhere")],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env={**os.environ, "PATH": f"{machine['path']}:{os.environ['PATH']}"},
    )
    assert done.returncode == 2
    assert "make the venv first" in done.stderr
    assert not machine["log"].exists()
