"""A fake SMS sender for the unit tests of code that sends SMS (the outbox, the uses).

It keeps what it was given and can be told to fail, so tests assert on data instead
of patching a real adapter.
"""

from __future__ import annotations

import threading
from collections import deque

from server_sync.sms.encoding import split_text
from server_sync.sms.port import (
    SendResult,
    SmsError,
    SmsMessage,
    SmsPermanentError,
    destination_digits,
)


class FakeSmsSender:
    """Records every message it sends; `fail_next(error)` makes the next sends raise."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.sent: list[SmsMessage] = []
        self.attempts = 0
        self.closed = False
        self._failures: deque[SmsError] = deque()

    def fail_next(self, *errors: SmsError) -> None:
        """Raise these errors, one per send, before sending normally again."""
        with self._lock:
            self._failures.extend(errors)

    def send(self, message: SmsMessage) -> SendResult:
        with self._lock:
            self.attempts += 1
            if self.closed:
                raise SmsPermanentError("sender closed")
            if self._failures:
                raise self._failures.popleft()
            destination_digits(message.to)  # a bad number fails as it would for real
            coding, chunks = split_text(message.text)
            self.sent.append(message)
            number = len(self.sent)
        ids = tuple(f"fake-{number}-{part}" for part in range(1, len(chunks) + 1))
        return SendResult(ids, len(chunks), coding)

    def close(self) -> None:
        with self._lock:
            self.closed = True

    def texts_to(self, to: str) -> list[str]:
        """The texts sent to one number, in order."""
        with self._lock:
            return [m.text for m in self.sent if m.to == to]
