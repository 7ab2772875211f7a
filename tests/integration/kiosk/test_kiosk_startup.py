"""What a kiosk start costs and leaves behind: no Alembic and no python-escpos
(our own encoder writes the bytes; only USB printers load python-escpos), nothing
new in the temporary folder after many starts (python-escpos 3.1 made a folder per
start), and, for USB, a capabilities cache that many processes fill safely at once."""

from __future__ import annotations

import os
import pickle
import platform
import subprocess
import sys
from pathlib import Path

import pytest

from tests.pii_guard import find_pii

LOADED = (
    "import sys, {module}\n"
    "print(' '.join(m for m in ('alembic', 'escpos.capabilities', 'escpos') if m in sys.modules))"
)


def python(code: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, env=env
    )
    assert done.returncode == 0, done.stderr
    return done


@pytest.fixture
def private_env(tmp_path: Path) -> dict[str, str]:
    """A private TMPDIR and cache folder for child processes."""
    (tmp_path / "tmp").mkdir()
    return {
        **os.environ,
        "TMPDIR": str(tmp_path / "tmp"),
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
        "ASANQ_LOG__LEVEL": "WARNING",
    }


@pytest.mark.parametrize(
    "module", ["kiosk_app.composition.kiosk", "kiosk_app.composition.centre", "hardware.printing"]
)
def test_importing_the_kiosk_loads_neither_alembic_nor_escpos(
    module: str, private_env: dict[str, str]
) -> None:
    assert python(LOADED.format(module=module), private_env).stdout.strip() == ""


@pytest.mark.parametrize("url", ["dummy://", "network://127.0.0.1:9", "file:///dev/null"])
def test_printing_a_ticket_never_loads_escpos(url: str, private_env: dict[str, str]) -> None:
    """Opening the printer checks its profile and printing writes the bytes, both
    without python-escpos (0.1–0.5 s of CPU per process)."""
    code = (
        "import sys\n"
        "from datetime import datetime, timezone\n"
        "from hardware.config import PrinterSettings\n"
        "from hardware.printing import job_to_bytes, layout_ticket\n"
        "from hardware.printing.factory import open_printer\n"
        "from kiosk_app.services.kiosk.ticket_words import sample_slip\n"
        f"open_printer(PrinterSettings(url={url!r}, profile='TM-T88V'))\n"
        "slip = sample_slip('az', datetime(2026, 11, 23, 6, 0, tzinfo=timezone.utc))\n"
        "assert len(job_to_bytes(layout_ticket(slip, 80), 'TM-T88V')) > 1000\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'escpos'))"
    )
    assert python(code, private_env).stdout.strip() == "[]"


def test_opening_the_store_does_not_import_alembic(
    kiosk_store: str, private_env: dict[str, str]
) -> None:
    code = (
        "import sys\n"
        "from kiosk_app.store.open_store import open_store\n"
        f"open_store({kiosk_store!r}).dispose()\n"
        "print('alembic' in sys.modules)"
    )
    assert python(code, private_env).stdout.strip() == "False"


def test_loading_escpos_for_usb_leaves_nothing_in_tmp_and_caches_once(
    private_env: dict[str, str], tmp_path: Path
) -> None:
    code = (
        "from hardware.printing._escpos import Dummy, get_profile_class\n"
        "assert get_profile_class('TM-T88V').profile_data['features']['paperFullCut']\n"
    )
    # a fresh cache, filled by several processes at once
    procs = [
        subprocess.Popen([sys.executable, "-c", code], env=private_env, stderr=subprocess.PIPE)
        for _ in range(6)
    ]
    errors = [p.communicate(timeout=120)[1] for p in procs]
    assert [p.returncode for p in procs] == [0] * len(procs), b"".join(errors).decode()
    for _ in range(6):
        python(code, private_env)
    assert list((tmp_path / "tmp").iterdir()) == []
    cached = tmp_path / "cache" / "asan-queue" / "escpos"
    assert [p.name for p in cached.iterdir()] == [
        f"{platform.python_version()}.capabilities.pickle"
    ]
    import yaml

    source = Path(
        python(
            "import escpos, os; print(os.path.dirname(escpos.__file__))", private_env
        ).stdout.strip()
    )
    with (cached / f"{platform.python_version()}.capabilities.pickle").open("rb") as f:
        assert pickle.load(f) == yaml.safe_load((source / "capabilities.json").read_text())


def test_kiosk_starts_leave_nothing_in_tmp(
    kiosk_store: str, private_env: dict[str, str], qt_offscreen: dict[str, str], tmp_path: Path
) -> None:
    env = {**private_env, **qt_offscreen}
    for _ in range(3):
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "kiosk_app.cli.main",
                "kiosk",
                "--db",
                kiosk_store,
                "--printer",
                "dummy://",
                "--windowed",
                "--exit-after-first-frame",
            ],
            capture_output=True,
            text=True,
            timeout=120,
            env=env,
        )
        assert done.returncode == 0, done.stderr
        assert not find_pii(done.stderr)
    for _ in range(3):
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "kiosk_app.cli.main",
                "ticket",
                "--service",
                "water",
                "--db",
                kiosk_store,
                "--printer",
                "dummy://",
            ],
            capture_output=True,
            text=True,
            timeout=120,
            env=env,
        )
        assert done.returncode == 0, done.stderr
    assert list((tmp_path / "tmp").iterdir()) == []
