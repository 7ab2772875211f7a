from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path

import pytest

from server_sync.config import SmsSettings
from server_sync.kernel.settings_model import validated
from server_sync.sms.emulator import SmscEmulator
from server_sync.sms.smpp import SmppSender
from server_sync.sms.url import SmppAddress, parse_sms_url

# Short enough that fault tests stay quick, long enough for a loaded 2-core CI machine.
TIMEOUT_S = 1.0


@pytest.fixture
def smsc(tmp_path: Path) -> Iterator[SmscEmulator]:
    with SmscEmulator(tmp_path / "smsc") as running:
        yield running


def wait_until(condition: Callable[[], bool], timeout: float = 5.0) -> bool:
    """Poll `condition` until true or the deadline passes (for state with no event)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.01)
    return condition()


class Receipts:
    """The on_receipt callback of a test: records, and lets the test wait for, receipts."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self.seen: list[tuple[str, str, datetime]] = []

    def __call__(self, message_id: str, state: str, at: datetime) -> None:
        with self._cond:
            self.seen.append((message_id, state, at))
            self._cond.notify_all()

    def wait_for(self, count: int, timeout: float = 5.0) -> list[tuple[str, str, datetime]]:
        with self._cond:
            self._cond.wait_for(lambda: len(self.seen) >= count, timeout)
            return list(self.seen)


MakeSender = Callable[..., SmppSender]


@pytest.fixture
def make_sender(smsc: SmscEmulator) -> Iterator[MakeSender]:
    """Builds SMPP senders for the emulator (closed at the end of the test)."""
    made: list[SmppSender] = []

    def make(
        url: str | None = None,
        on_receipt: Callable[[str, str, datetime], None] | None = None,
        **settings: object,
    ) -> SmppSender:
        values: dict[str, object] = {"timeout_s": TIMEOUT_S, "enquire_link_s": 30.0}
        values.update(settings)
        address = parse_sms_url(url or smsc.url)
        assert isinstance(address, SmppAddress)
        sender = SmppSender(address, validated(SmsSettings, values), on_receipt)
        made.append(sender)
        return sender

    yield make
    for sender in made:
        sender.close()
