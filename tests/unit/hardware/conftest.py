from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

BAKU = ZoneInfo("Asia/Baku")


@pytest.fixture
def issued_at() -> datetime:
    return datetime(2025, 11, 24, 9, 5, tzinfo=BAKU)
