"""Walk-in screens: agencies, an agency's services, and search with our keyboard."""

from __future__ import annotations

from functools import partial

from PySide6.QtWidgets import (
    QBoxLayout,
    QGridLayout,
    QHBoxLayout,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
)

from kiosk_app.presenters.kiosk.presenter import KioskPresenter
from kiosk_app.ui.kiosk.screens import Screen
from kiosk_app.ui.kiosk.theme import Metrics
from kiosk_app.ui.kiosk.widgets import ListPanel, button, label, set_text

POOL = 10  # the most rows any page shows


class ListScreen(Screen):
    """Agencies (with a search button) or one agency's services."""

    def __init__(self, p: KioskPresenter, *, agencies: bool) -> None:
        super().__init__(p)
        self.agencies = agencies
        self.title = label("title")
        self.subtitle = label("subtitle")
        self.back = button("", "secondary", p.back)
        self.search = button("", "primary", p.open_search)
        self.search.setVisible(agencies)
        self.water = button("", "secondary", p.open_water)
        self.water.setVisible(agencies and p.water_available)
        pick = p.choose_agency if agencies else p.choose_service
        self.panel = ListPanel(POOL, pick, p.page_turn, self._nav_labels, self._texts, self._fit)
        self.head = head = QHBoxLayout()
        head.addWidget(self.back)
        head.addWidget(self.title, 1)
        head.addWidget(self.water)
        head.addWidget(self.search)
        self.box = box = QVBoxLayout(self)
        box.addLayout(head)
        box.addWidget(self.subtitle)
        box.addWidget(self.panel, 1)
        self.panel.set_columns(1, POOL)

    def _nav_labels(self) -> tuple[str, str]:
        return self.p.tr("kiosk.nav.prev"), self.p.tr("kiosk.nav.next")

    def _texts(self) -> list[tuple[str, str]]:
        b, tr = self.p.browser, self.p.tr
        rows = b.agency_rows(tr) if self.agencies else b.service_rows(tr)
        return [(r.title, r.detail) for r in rows]

    def _fit(self, capacity: int) -> None:
        """As many rows per page as fit (the panel measured them)."""
        self.panel.set_columns(self.panel.columns, capacity)
        if self.agencies:
            self.p.browser.agencies_per_page = capacity
        else:
            self.p.browser.services_per_page = capacity
        if self.isVisible():
            self.update_from(self.p)

    def set_landscape(self, landscape: bool) -> None:
        if self.agencies:
            self.panel.set_columns(2 if landscape else 1, self.panel.visible)

    def set_metrics(self, m: Metrics) -> None:
        self.box.setContentsMargins(m.margin, m.gap_small, m.margin, m.gap)
        self.box.setSpacing(m.gap_small)
        self.head.setSpacing(m.gap)
        self.panel.set_metrics(m)
        # The accessible mode's larger words: the title gets its own line under the
        # buttons, which then never have to give up width to it.
        if m.accessible and self.head.indexOf(self.title) >= 0:
            self.head.removeWidget(self.title)
            self.head.insertStretch(1, 1)
            self.box.insertWidget(1, self.title)
        elif not m.accessible and self.box.indexOf(self.title) >= 0:
            self.box.removeWidget(self.title)
            stretch = self.head.itemAt(1)
            if stretch is not None:
                self.head.removeItem(stretch)
            self.head.insertWidget(1, self.title, 1)

    def update_from(self, p: KioskPresenter) -> None:
        tr = p.tr
        set_text(self.back, "‹  " + tr("common.back"))
        set_text(self.search, tr("kiosk.menu.search"))
        set_text(self.water, tr("water.title"))
        if self.agencies:
            set_text(self.title, tr("kiosk.menu.agencies_title"))
            set_text(self.subtitle, "")
        else:
            set_text(self.title, p.browser.agency_title(tr))
            set_text(self.subtitle, tr("kiosk.menu.services_title"))
        self.subtitle.setVisible(bool(self.subtitle.text()))
        self.panel.refit()
        b = p.browser
        self.panel.show_page(b.agencies_page(tr) if self.agencies else b.services_page(tr))


class SearchScreen(Screen):
    """Type part of a service's name on the on-screen keyboard; results update."""

    def __init__(self, p: KioskPresenter) -> None:
        super().__init__(p)
        self.title = label("title")
        self.back = button("", "secondary", p.back)
        self.query = label("querydisplay", wrap=False)
        self.empty = label("hint")
        self.panel = ListPanel(
            POOL, p.choose_service, p.page_turn, self._nav_labels, self._texts, self._fit
        )
        self.panel.set_columns(1, POOL)
        self.keys_grid = QGridLayout()
        self.letter_buttons: list[QPushButton] = []
        self._layout = ""
        self.space = button("", "keyaction", partial(p.search_key, " "))
        self.backspace = button("", "keyaction", p.search_backspace)
        self.clear = button("", "keyaction", p.search_clear)
        self.head = head = QHBoxLayout()
        head.addWidget(self.back)
        head.addWidget(self.title, 1)
        self.typing = typing = QVBoxLayout()
        typing.addWidget(self.query)
        typing.addWidget(self.empty)
        typing.addStretch(1)
        typing.addLayout(self.keys_grid)
        self.split = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.split.addLayout(typing, 1)
        self.split.addWidget(self.panel, 1)
        self.box = box = QVBoxLayout(self)
        box.addLayout(head)
        box.addLayout(self.split, 1)

    def _nav_labels(self) -> tuple[str, str]:
        return self.p.tr("kiosk.nav.prev"), self.p.tr("kiosk.nav.next")

    def _texts(self) -> list[tuple[str, str]]:
        return [(r.title, r.detail) for r in self.p.browser.search_rows(self.p.tr)]

    def _fit(self, capacity: int) -> None:
        self.panel.set_columns(1, capacity)
        self.p.browser.search_per_page = capacity
        if self.isVisible():
            self.update_from(self.p)

    def set_landscape(self, landscape: bool) -> None:
        self.split.setDirection(
            QBoxLayout.Direction.LeftToRight if landscape else QBoxLayout.Direction.BottomToTop
        )

    def set_metrics(self, m: Metrics) -> None:
        self.box.setContentsMargins(m.margin, m.gap_small, m.margin, m.gap)
        self.box.setSpacing(m.gap_small)
        self.head.setSpacing(m.gap)
        self.typing.setSpacing(m.gap_small)
        self.keys_grid.setSpacing(m.px(0.007, 3))
        self.split.setSpacing(m.gap)
        self.panel.set_metrics(m)

    def _build_keys(self, rows: tuple[str, ...]) -> None:
        """Re-label the letter keys for this language's keyboard (buttons are reused)."""
        layout = "|".join(rows)
        if layout == self._layout:
            return
        self._layout = layout
        needed = sum(len(r) for r in rows)
        while len(self.letter_buttons) < needed:
            b = QPushButton()
            b.setObjectName("letter")
            b.setFocusPolicy(self.space.focusPolicy())
            b.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            b.clicked.connect(partial(self._letter, b))
            self.letter_buttons.append(b)
        width = max(len(r) for r in rows) * 2
        i = 0
        for r, keys in enumerate(rows):
            offset = width // 2 - len(keys)
            for c, key in enumerate(keys):
                b = self.letter_buttons[i]
                b.setText(key)
                b.setVisible(True)
                self.keys_grid.addWidget(b, r, offset + 2 * c, 1, 2)
                i += 1
        for b in self.letter_buttons[i:]:
            b.setVisible(False)
        row = len(rows)
        third = width // 3
        self.keys_grid.addWidget(self.clear, row, 0, 1, third)
        self.keys_grid.addWidget(self.space, row, third, 1, width - 2 * third)
        self.keys_grid.addWidget(self.backspace, row, width - third, 1, third)

    def _letter(self, b: QPushButton, _checked: bool = False) -> None:
        self.p.search_key(b.text())

    def update_from(self, p: KioskPresenter) -> None:
        tr = p.tr
        self._build_keys(p.keyboard)
        set_text(self.title, tr("kiosk.menu.search_title"))
        set_text(self.back, "‹  " + tr("common.back"))
        set_text(self.query, (p.browser.query or "") + "▏")
        set_text(self.space, tr("kiosk.menu.space"))
        set_text(self.backspace, tr("kiosk.code.backspace"))
        set_text(self.clear, tr("kiosk.code.clear"))
        self.panel.refit()
        page = p.browser.search_page(tr)
        if not p.browser.query.strip():
            hint = tr("kiosk.menu.search_prompt")
        elif not page.rows:
            hint = tr("kiosk.menu.search_empty")
        else:
            hint = ""
        set_text(self.empty, hint)
        self.empty.setVisible(bool(hint))
        self.panel.show_page(page)
