"""Keyboard-wedge scanners: tell a scanner's burst of keys from a person typing.

A wedge scanner "types" the code far faster than any person (a few ms a key)
and ends it with Enter. Feed every key with its timestamp; a fast enough burst
ending in Enter yields the order code, slow typing yields nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from hardware.scanning.codes import MIN_DIGITS, extract_order_code

ENTER_KEYS = frozenset({"\r", "\n", "Enter", "Return"})


@dataclass
class KeyboardWedgeDecoder:
    """Pure state machine: `feed(key, at)` -> the code when a burst completes, else None.

    `key` is the typed character or "Enter"; `at` is the key's time in seconds
    (any monotonic clock, e.g. a Qt event timestamp / 1000).
    """

    max_key_interval_s: float = 0.05
    min_length: int = MIN_DIGITS
    _keys: list[str] = field(default_factory=list)
    _last_at: float | None = None

    @property
    def in_burst(self) -> bool:
        """Keys are arriving at scanner speed (the UI may hold them back from fields)."""
        return len(self._keys) >= 2

    def feed(self, key: str, at: float) -> str | None:
        fast = self._last_at is not None and 0 <= at - self._last_at <= self.max_key_interval_s
        self._last_at = at
        if key in ENTER_KEYS:
            keys, self._keys = self._keys, []
            if fast and len(keys) >= self.min_length:
                return extract_order_code("".join(keys))
            return None
        if len(key) != 1:  # shift, arrows...: not part of a code
            return None
        if not fast:
            self._keys = []  # a pause: whatever came before was a person, start afresh
        self._keys.append(key)
        return None

    def reset(self) -> None:
        self._keys, self._last_at = [], None
