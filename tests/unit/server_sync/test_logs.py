from __future__ import annotations

import io
import json
import logging

from server_sync.logs import setup_logging
from server_sync.settings import LogSettings


def test_json_log_lines_mask_personal_data() -> None:
    stream = io.StringIO()
    setup_logging(LogSettings(level="INFO", json=True), stream=stream)
    logging.getLogger("asanq.test").info(
        "booking for %s", "AZE12345678", extra={"phone": "+994501234567", "ticket": "A042"}
    )
    entry = json.loads(stream.getvalue().splitlines()[-1])
    assert entry["logger"] == "asanq.test"
    assert entry["msg"] == "booking for AZE*****678"
    assert entry["phone"] == "+994 ** *** ** 67"
    assert entry["ticket"] == "A042"


def test_plain_log_lines_are_masked_too() -> None:
    stream = io.StringIO()
    setup_logging(LogSettings(level="INFO"), stream=stream)
    logging.getLogger("asanq.test").warning("mail to aysel@mail.az failed")
    assert "a***@mail.az" in stream.getvalue()
    assert "aysel@" not in stream.getvalue()
