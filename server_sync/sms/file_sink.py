"""`file://DIR`: the demo's SMS centre is a folder, one UTF-8 `.txt` per message.

A person opens the file and reads what the citizen's phone would show, with the
number, the time, and how many SMS parts it costs in which coding.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from server_sync.kernel.personal_data import mask_phone
from server_sync.sms.encoding import DATA_CODING_GSM7, encode_sms
from server_sync.sms.files import write_new_file
from server_sync.sms.port import (
    SendResult,
    SmsMessage,
    SmsPermanentError,
    SmsTemporaryError,
    destination_digits,
)

log = logging.getLogger("asanq.sms")


def _now() -> datetime:
    return datetime.now(UTC)


class FileSmsSink:
    """Writes each SMS as `sms-<time>-<n>.txt` in `folder`; never overwrites one."""

    def __init__(self, folder: Path, sender: str, now: Callable[[], datetime] = _now) -> None:
        self.folder = Path(folder)
        self._sender = sender
        self._now = now
        self._lock = threading.Lock()

    def send(self, message: SmsMessage) -> SendResult:
        digits = destination_digits(message.to)
        try:
            encoded = encode_sms(message.text, 0)
        except ValueError as exc:
            raise SmsPermanentError(str(exc)) from None
        when = self._now()
        parts = len(encoded.parts)
        unit = "septets" if encoded.data_coding == DATA_CODING_GSM7 else "UTF-16 units"
        lines = [
            f"To: +{digits}",
            f"From: {message.sender or self._sender}",
            f"Time: {when.astimezone().isoformat(timespec='seconds')}",
            f"Reference: {message.reference or '-'}",
            f"Parts: {parts} ({encoded.coding_name}, {encoded.units} {unit})",
            "",
            message.text,
            "",
        ]
        try:
            with self._lock:
                path = write_new_file(
                    self.folder, "sms", ".txt", "\n".join(lines).encode("utf-8"), when
                )
        except OSError as exc:
            raise SmsTemporaryError(f"cannot write SMS to {self.folder}: {exc.strerror}") from None
        log.info("sms to %s written to %s (%d part(s))", mask_phone(message.to), path, parts)
        return SendResult((path.name,), parts, encoded.data_coding)

    def close(self) -> None:
        """Nothing to release: each message is its own file."""
