"""Installing into a folder that stands in for a fresh machine's root, and what
`systemd-analyze verify --root` needs there (systemd's own units, the programs the
units start)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

IN_CI = os.environ.get("CI", "").lower() == "true"


def install(root: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kiosk_app.cli.main", "install", *args, "--root", str(root)],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={**os.environ, "ASANQ_LOG__LEVEL": "WARNING"},
    )


def require(tool: str, package: str) -> str:
    """The tool's path; outside CI a missing tool skips the test, loudly."""
    found = shutil.which(tool)
    if found is None:
        message = f"{tool} not found (Debian package {package}; see .ci/system-deps)"
        if IN_CI:
            pytest.fail(message + ": required in CI")
        pytest.skip(f"!!! {message} — SKIPPED !!!")
    return found


def stub(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("#!/bin/sh\nexit 0\n", encoding="utf-8")
    path.chmod(0o755)


def prepare_for_verify(root: Path, venv: str = "/opt/asan-queue/current") -> None:
    """What verify looks up under --root: systemd's units and our ExecStart programs."""
    units = root / "usr" / "lib" / "systemd" / "system"
    if not units.exists():
        shutil.copytree("/usr/lib/systemd/system", units, symlinks=True)
    stub(root / venv.lstrip("/") / "bin" / "asan-queue")
    stub(root / "usr" / "bin" / "cage")


def with_users(root: Path) -> None:
    """A root with the host's users and groups, so that `useradd --root` works there."""
    (root / "etc").mkdir(parents=True, exist_ok=True)
    for name in ("passwd", "group", "shadow", "gshadow"):
        source = Path("/etc") / name
        if source.exists():
            shutil.copy2(source, root / "etc" / name)
