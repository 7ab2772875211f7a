"""A walk-in's agency application number as it is typed at the kiosk (issue 17): the
agency's prefix and year, then the digits, which fill from the right
(`AZERSU-2026-000042`). The year is this year's, or the one before for a number
filed before New Year. The counter opens the application when it calls the ticket."""

from __future__ import annotations

from kiosk_app.presenters.kiosk.keypad import CodeEntry
from kiosk_app.services.kiosk.walk_in_menu import ServiceEntry
from server_sync.domain.applications import SEQ_DIGITS


class ApplicationNumber:
    """The number being typed for one service; empty until `start`."""

    def __init__(self) -> None:
        self.keys = CodeEntry(length=SEQ_DIGITS)
        self.service: ServiceEntry | None = None  # its agency and this year
        self.year = 0

    def start(self, service: ServiceEntry) -> None:
        self.keys.clear()
        self.service, self.year = service, service.application_year

    def reset(self) -> None:
        self.keys.clear()
        self.service, self.year = None, 0

    @property
    def other_year(self) -> int | None:
        """The year the switch offers: the one before, or back to this one."""
        if self.service is None:
            return None
        this_year = self.service.application_year
        return this_year - 1 if self.year == this_year else this_year

    def switch_year(self) -> bool:
        other = self.other_year
        if other is None:
            return False
        self.year = other
        return True

    @property
    def prefix(self) -> str:
        return self.service.application_prefix(self.year) if self.service is not None else ""

    @property
    def text(self) -> str:
        """`AZERSU-2026-000042` as the digits are typed."""
        return self.prefix + self.keys.digits.rjust(SEQ_DIGITS, "0")
