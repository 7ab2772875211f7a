from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from hardware.emulator import PrinterEmulator


@pytest.fixture
def issued_at() -> datetime:
    return datetime(2025, 11, 24, 9, 5, tzinfo=ZoneInfo("Asia/Baku"))


@pytest.fixture
def emulator(tmp_path: Path) -> Iterator[PrinterEmulator]:
    with PrinterEmulator(tmp_path / "tickets") as running:
        yield running


def wait_until(condition: Callable[[], bool], timeout: float = 5.0) -> bool:
    """Poll `condition` until true or the deadline passes (no fixed sleeps)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.01)
    return condition()
