"""Logging through named loggers (`asanq.*`), plain or JSON lines, always masked.

The masking filter sits on the handlers, so every record from every library
passes through it: personal data never reaches a log file in clear.
"""

from __future__ import annotations

import json
import logging
import sys
from datetime import UTC, datetime
from typing import Any, Protocol

from server_sync.kernel.personal_data import mask_text

_STANDARD = set(vars(logging.makeLogRecord({})))
PLAIN_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class _LogOptions(Protocol):
    @property
    def level(self) -> str: ...
    @property
    def json_lines(self) -> bool: ...
    @property
    def file(self) -> str | None: ...


class MaskingFilter(logging.Filter):
    """Rewrites each record's message (and extra fields) with personal data masked."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        record.msg = mask_text(message)
        record.args = None
        for key, value in list(vars(record).items()):
            if key not in _STANDARD and isinstance(value, str):
                setattr(record, key, mask_text(value))
        return True


class MaskingFormatter(logging.Formatter):
    """The plain line format, masked as a whole: the message, and also tracebacks with
    their chained exceptions and stack text (SQLAlchemy's "[parameters: …]" holds the
    row being written)."""

    def format(self, record: logging.LogRecord) -> str:
        return mask_text(super().format(record))

    def formatException(self, ei: Any) -> str:
        return mask_text(super().formatException(ei))

    def formatStack(self, stack_info: str) -> str:
        return mask_text(super().formatStack(stack_info))


class JsonFormatter(logging.Formatter):
    """One JSON object a line: time, level, logger, message, and any `extra` fields;
    every text in it masked (message, fields, exception and stack)."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, object] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "msg": mask_text(record.getMessage()),
        }
        for key, value in vars(record).items():
            if key not in _STANDARD and key not in entry and key != "message":
                if isinstance(value, str):
                    entry[key] = mask_text(value)
                elif isinstance(value, int | float | bool | None):
                    entry[key] = value
                else:
                    entry[key] = mask_text(repr(value))
        if record.exc_info:
            entry["exc"] = mask_text(self.formatException(record.exc_info))
        elif record.exc_text:
            entry["exc"] = mask_text(record.exc_text)
        if record.stack_info:
            entry["stack"] = mask_text(self.formatStack(record.stack_info))
        return json.dumps(entry, ensure_ascii=False)


def setup_logging(options: _LogOptions, stream: object = None) -> None:
    """Configure the root logger once per process from the `log` settings."""
    root = logging.getLogger()
    for old in list(root.handlers):
        if getattr(old, "_asanq", False):
            root.removeHandler(old)
            old.close()
    handler: logging.Handler
    if options.file:
        handler = logging.FileHandler(options.file, encoding="utf-8")
    else:
        handler = logging.StreamHandler(stream or sys.stderr)  # type: ignore[arg-type]
    setattr(handler, "_asanq", True)  # noqa: B010 - marks our handler for reconfiguration
    handler.addFilter(MaskingFilter())
    if options.json_lines:
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(MaskingFormatter(PLAIN_FORMAT))
    root.addHandler(handler)
    root.setLevel(options.level)
    # Third-party chatter (alembic's "Context impl SQLiteImpl"…) only when debugging.
    quiet = logging.WARNING if options.level != "DEBUG" else logging.DEBUG
    for name in ("alembic", "uvicorn.access", "urllib3", "escpos"):
        logging.getLogger(name).setLevel(quiet)
