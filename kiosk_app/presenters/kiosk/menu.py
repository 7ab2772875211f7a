"""Browsing the walk-in menu: agencies, their services, search with our own keyboard.

Holds which agency is open, the page shown and the search text; turns the
pure `WalkInMenu` into rows of words for the screen in the current language.
"""

from __future__ import annotations

from dataclasses import dataclass

from kiosk_app.services.kiosk.walk_in_menu import ServiceEntry, WalkInMenu
from server_sync.kernel.i18n import Translator
from server_sync.kernel.wording import estimated_wait

# On-screen keyboards for the search box (the Qt virtual keyboard has no Azerbaijani).
KEYBOARDS: dict[str, tuple[str, ...]] = {
    "az": ("QÜERTYUİOPÖĞ", "ASDFGHJKLIƏ", "ZXCVBNMÇŞ"),
    "ru": ("ЙЦУКЕНГШЩЗХЪ", "ФЫВАПРОЛДЖЭ", "ЯЧСМИТЬБЮ"),
    "en": ("QWERTYUIOP", "ASDFGHJKL", "ZXCVBNM"),
}
MAX_QUERY = 40


@dataclass(frozen=True)
class Row:
    """One big button in a list: what it opens, its name and a detail line."""

    key: str
    title: str
    detail: str


@dataclass(frozen=True)
class Page:
    rows: tuple[Row, ...]
    page: int  # 0-based
    pages: int
    label: str  # "Səhifə 1 / 3", empty when there is one page

    @property
    def has_prev(self) -> bool:
        return self.page > 0

    @property
    def has_next(self) -> bool:
        return self.page + 1 < self.pages


class MenuBrowser:
    def __init__(self) -> None:
        self.menu: WalkInMenu | None = None
        self.agency_id: str | None = None
        self.query = ""
        self.page = 0
        self.agencies_per_page = 8
        self.services_per_page = 6
        self.search_per_page = 4

    def reset(self) -> None:
        self.menu, self.agency_id, self.query, self.page = None, None, "", 0

    def open_agency(self, agency_id: str) -> bool:
        if self.menu is None or self.menu.agency(agency_id) is None:
            return False
        self.agency_id, self.page = agency_id, 0
        return True

    def type_key(self, key: str) -> None:
        if len(self.query) < MAX_QUERY:
            self.query += key
            self.page = 0

    def backspace(self) -> None:
        self.query, self.page = self.query[:-1], 0

    def clear_query(self) -> None:
        self.query, self.page = "", 0

    def turn(self, delta: int, pages: int) -> None:
        self.page = max(0, min(self.page + delta, pages - 1))

    # -- views -----------------------------------------------------------
    def agency_rows(self, tr: Translator) -> list[Row]:
        if self.menu is None:
            return []
        return [
            Row(
                a.agency_id,
                a.name(tr.language),
                tr("kiosk.menu.services_count", count=len(a.services)),
            )
            for a in self.menu.sorted_agencies(tr.language)
        ]

    def service_rows(self, tr: Translator) -> list[Row]:
        entries: list[ServiceEntry] = []
        if self.menu is not None and self.agency_id is not None:
            entries = self.menu.services_of(self.agency_id, tr.language)
        return [service_row(tr, s) for s in entries]

    def search_rows(self, tr: Translator) -> list[Row]:
        found = self.menu.search(self.query, tr.language) if self.menu else []
        return [service_row(tr, s) for s in found]

    def agencies_page(self, tr: Translator) -> Page:
        return _paged(self.agency_rows(tr), self.page, self.agencies_per_page, tr)

    def agency_title(self, tr: Translator) -> str:
        agency = self.menu.agency(self.agency_id) if self.menu and self.agency_id else None
        return agency.name(tr.language) if agency else ""

    def services_page(self, tr: Translator) -> Page:
        return _paged(self.service_rows(tr), self.page, self.services_per_page, tr)

    def search_page(self, tr: Translator) -> Page:
        return _paged(self.search_rows(tr), self.page, self.search_per_page, tr)


def service_row(tr: Translator, entry: ServiceEntry) -> Row:
    if entry.waiting == 0:
        detail = tr("kiosk.menu.no_queue")
    else:
        waiting = tr("kiosk.menu.waiting", count=entry.waiting)
        detail = f"{waiting}  ·  {estimated_wait(tr, entry.wait_minutes)}"
    return Row(entry.service_id, entry.name(tr.language), detail)


def _paged(rows: list[Row], page: int, per_page: int, tr: Translator) -> Page:
    per_page = max(1, per_page)
    pages = max(1, -(-len(rows) // per_page))
    page = max(0, min(page, pages - 1))
    chunk = tuple(rows[page * per_page : (page + 1) * per_page])
    label = tr("kiosk.nav.page", page=page + 1, pages=pages) if pages > 1 else ""
    return Page(chunk, page, pages, label)
