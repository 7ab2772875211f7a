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
