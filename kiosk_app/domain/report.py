"""A queue report of a day or a range of days: figures and ticket lines."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from kiosk_app.domain.figures import Figures


@dataclass(frozen=True)
class ReportRow:
    """One ticket as a report line."""

    day: date
    number: str
    service_id: str
    kind: str
    status: str
    counter: int | None
    issued_at: datetime
    called_at: datetime | None
    served_at: datetime | None
    finished_at: datetime | None
    slot_at: datetime | None
    priority_category: str | None


@dataclass(frozen=True)
class ServiceLine:
    service_id: str
    name: str
    figures: Figures


@dataclass(frozen=True)
class Report:
    centre_id: str
    centre_name: str
    first: date
    last: date
    language: str
    figures: Figures
    by_service: tuple[ServiceLine, ...]
    by_day: tuple[tuple[date, Figures], ...]
    rows: tuple[ReportRow, ...]

    @property
    def period(self) -> str:
        if self.first == self.last:
            return self.first.isoformat()
        return f"{self.first.isoformat()} – {self.last.isoformat()}"


_AZ_ALPHABET = "abcçdeəfgğhxıijkqlmnoöprsştuüvyz"
_AZ_RANK = {ch: i for i, ch in enumerate(_AZ_ALPHABET)}


def az_sort_key(text: str) -> tuple[int, ...]:
    """Order names as an Azerbaijani reader expects (ə after e, ı before i, x after h)."""
    lowered = text.replace("İ", "i").replace("I", "ı").lower()
    letters = [ch for ch in lowered if ch.isalnum()]
    return tuple(_AZ_RANK.get(ch, 100 + ord(ch)) for ch in letters)
