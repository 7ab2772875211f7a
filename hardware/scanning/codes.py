"""Order codes out of whatever a scanner sends: bare digits or a URL ending in them.

Only the shape is checked here (a trailing run of 8-16 ASCII digits); the check
digit and everything else belong to the kiosk's check-in rules.
"""

from __future__ import annotations

import re

MIN_DIGITS, MAX_DIGITS = 8, 16
_TRAILING = re.compile(rf"(?<![0-9])([0-9]{{{MIN_DIGITS},{MAX_DIGITS}}})[/\s]*$")


def extract_order_code(payload: str) -> str | None:
    """The trailing 8-16 digit run of `payload`, or None if it has none.

    >>> extract_order_code("https://queue.asan.example/o/40213377")
    '40213377'
    """
    cleaned = "".join(ch for ch in payload if ch.isprintable())
    match = _TRAILING.search(cleaned.strip())
    return match.group(1) if match else None
