"""A guard over the whole test run: personal data of the test fixtures must never reach
a log line (as our handlers would write it) or a captured stderr in clear.

`find_pii(text)` names the known test e-mails, phones, ID documents and FINs it finds;
`tests/conftest.py` applies it to every log record of every test and to every captured
stderr, and the CLI test helpers apply it to their child processes' stderr.
"""

from __future__ import annotations

import logging
import re

from server_sync.logs import PLAIN_FORMAT, JsonFormatter, MaskingFilter, MaskingFormatter

# Every personal datum the test data uses (tests/factories.py and the test modules).
# The demo identity registry's people (assets/demo/citizens.json) are test data too.
ID_DOCUMENTS = ("AZE12345678", "AA1234567", "AA7654321", "AZE10000001", "AZE10000002", "AA1000003")
FINS = ("5ZK3A8P", "7AZ1B2C", "5KQ8M3T", "2XR7P4N")
# Their identity proofs: driving licences, social insurance certificates, passports.
PROOFS = (
    "AB123456",
    "AC654321",
    "1234567890123",
    "9876543210987",
    "5555666677778",
    "C12345678",
    "C87654321",
    "C11223344",
)
# Subscriber digits of the test phones, found whatever the separators (+994 50 123 45 67).
PHONE_DIGITS = (
    "501234567",
    "701234567",
    "551234567",
    "125550108",
    "501112233",
    "551112244",
    "701112255",
)
# Test e-mails: any address at the test domains whose local part is not masked.
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@(?:mail\.az|example\.az|smsc\.example\.az|asan\.gov\.az)")
_SEPARATORS = re.compile(r"(?<=\d)[\s\-+().]+(?=\d)")


def find_pii(text: str) -> list[str]:
    """The known test personal data that `text` holds in clear."""
    found = [e for e in _EMAIL.findall(text) if "*" not in e]
    found += [d for d in ID_DOCUMENTS + FINS + PROOFS if d in text]
    digits = _SEPARATORS.sub("", text)
    found += [f"phone …{p[-4:]}" for p in PHONE_DIGITS if p in digits]
    return found


class GuardHandler(logging.Handler):
    """Formats each record as our production handlers would (masked, plain and JSON)
    and remembers every line that still holds personal data."""

    def __init__(self) -> None:
        super().__init__(logging.NOTSET)
        self.violations: list[str] = []
        self._filter = MaskingFilter()
        self._plain = MaskingFormatter(PLAIN_FORMAT)
        self._json = JsonFormatter()

    def emit(self, record: logging.LogRecord) -> None:
        copy = logging.makeLogRecord(dict(vars(record)))
        try:
            self._filter.filter(copy)
            lines = (self._plain.format(copy), self._json.format(copy))
        except Exception as exc:  # a record our formatters cannot write is a finding too
            self.violations.append(f"{record.name}: unformattable record ({exc!r})")
            return
        for line in lines:
            if pii := find_pii(line):
                self.violations.append(f"{record.name}: {pii} in {line[:300]!r}")
                return
