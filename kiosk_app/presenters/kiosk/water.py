""" "Su borcunu öyrən" on the kiosk (seed 000): what the visitor typed and the answer.

The lookup runs on the kiosk's desk lane and the slip on its printer lane (never on
the UI thread); the desk itself stops waiting for the agency after a few seconds.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from kiosk_app.services.kiosk.water_debt import WaterAnswer
from server_sync.domain.water_debt import SUBSCRIBER_TYPES, WaterDebt

MAX_DIGITS = 12


class WaterDeskPort(Protocol):
    def ask(self, code: str, kind: str) -> WaterAnswer: ...
    def rows(self, debt: WaterDebt, language: str) -> tuple[tuple[str, str], ...]: ...
    def print_answer(self, debt: WaterDebt, language: str) -> bool: ...


@dataclass
class WaterState:
    code: str = ""
    kind: str = "household"
    answer: WaterAnswer | None = None
    asking: bool = False
    printed: bool | None = None

    def reset(self) -> None:
        self.code, self.kind, self.answer, self.asking, self.printed = (
            "",
            "household",
            None,
            False,
            None,
        )

    def press(self, digit: str) -> bool:
        if digit.isdigit() and len(self.code) < MAX_DIGITS:
            self.code += digit
            self.answer = None
            return True
        return False

    def set_kind(self, kind: str) -> None:
        if kind in SUBSCRIBER_TYPES:
            self.kind = kind
            self.answer = None
