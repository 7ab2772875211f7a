"""The order-code keypad's model: digits grouped by four as typed, backspace, clear."""

from __future__ import annotations

from server_sync.kernel.order_codes import CODE_LENGTH, format_order_code

PLACEHOLDER = "•"


class CodeEntry:
    """Up to 12 digits; extra taps are ignored (a full code cannot be overtyped)."""

    def __init__(self, length: int = CODE_LENGTH) -> None:
        self.length = length
        self.digits = ""

    def press(self, digit: str) -> bool:
        if len(digit) != 1 or not digit.isdigit() or not digit.isascii():
            return False
        if len(self.digits) >= self.length:
            return False
        self.digits += digit
        return True

    def backspace(self) -> None:
        self.digits = self.digits[:-1]

    def clear(self) -> None:
        self.digits = ""

    def set(self, code: str) -> None:
        self.digits = "".join(ch for ch in code if ch.isascii() and ch.isdigit())[: self.length]

    @property
    def complete(self) -> bool:
        return len(self.digits) == self.length

    @property
    def empty(self) -> bool:
        return not self.digits

    @property
    def grouped(self) -> str:
        """What was typed, grouped: `1234 5678 9`."""
        return format_order_code(self.digits)

    @property
    def display(self) -> str:
        """Typed digits and placeholders for the rest: `1234 56•• ••••`."""
        padded = self.digits + PLACEHOLDER * (self.length - len(self.digits))
        return " ".join(padded[i : i + 4] for i in range(0, self.length, 4))
