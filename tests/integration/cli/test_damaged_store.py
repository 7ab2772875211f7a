"""A damaged centre store as an operator meets it (issue 11, item 5): real files with
8 KiB of garbage in the middle or over the last pages, or cut to zero bytes, and the
real commands run as processes. Each ends with ONE clear line naming the damage and
what to do, a non-zero exit, no traceback, and nothing written to the file."""

from __future__ import annotations

import hashlib
import importlib.util
import os
import random
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk_app.cli.main import main

GARBAGE = random.Random(11).randbytes(8192)


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kiosk_app.cli.main", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={**os.environ, "ASANQ_LOG__LEVEL": "WARNING", "QT_QPA_PLATFORM": "offscreen"},
    )


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("seeded") / "centre.db"
    url = f"sqlite:///{path}"
    assert main(["db", "upgrade", "--db", url]) == 0
    assert main(["db", "seed-demo", "--db", url]) == 0
    return path


def _damaged(seeded: Path, tmp_path: Path, where: str) -> Path:
    path = tmp_path / f"{where}.db"
    shutil.copy(seeded, path)
    size = path.stat().st_size
    if where == "empty":
        path.write_bytes(b"")
        return path
    with path.open("r+b") as f:
        f.seek(size // 2 if where == "middle" else size - len(GARBAGE))
        f.write(GARBAGE)
    return path


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


COMMANDS = [
    ("ticket", "--service", "id-card-issue"),
    *([("kiosk", "--windowed")] if importlib.util.find_spec("PySide6") else []),  # core run
    ("parked", "list"),
]


@pytest.mark.parametrize("where", ["middle", "last_pages", "empty"])
def test_every_command_says_the_store_is_damaged_in_one_line(
    seeded: Path, tmp_path: Path, where: str
) -> None:
    path = _damaged(seeded, tmp_path, where)
    before = _digest(path)
    word = "empty file (0 bytes)" if where == "empty" else "is damaged"
    for command in COMMANDS:
        done = run_cli(*command, "--db", f"sqlite:///{path}")
        assert done.returncode != 0, (command, done.stdout)
        assert "Traceback" not in done.stderr
        lines = done.stderr.strip().splitlines()
        assert len(lines) == 1, (command, done.stderr)
        assert word in lines[0], (command, lines[0])
        assert "db check" in lines[0] or "db restore" in lines[0]
        assert "ticket" not in done.stdout.lower() or command[0] != "ticket"
    assert _digest(path) == before  # refused before anything was written

    checked = run_cli("db", "check", "--db", f"sqlite:///{path}")
    assert checked.returncode == 1
    assert checked.stdout.startswith("DAMAGED:"), checked.stdout
    if where == "empty":
        assert "empty file (0 bytes)" in checked.stdout
        assert "migration none" not in checked.stdout + checked.stderr


def test_a_sound_store_still_opens(seeded: Path, tmp_path: Path) -> None:
    path = tmp_path / "sound.db"
    shutil.copy(seeded, path)
    done = run_cli("parked", "list", "--db", f"sqlite:///{path}")
    assert done.returncode == 0, done.stderr
    assert "no parked events" in done.stdout
    checked = run_cli("db", "check", "--db", f"sqlite:///{path}")
    assert checked.returncode == 0
    assert checked.stdout.startswith("ok:")
