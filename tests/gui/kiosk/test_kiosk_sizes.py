"""Every kiosk screen at every common kiosk resolution, in az, ru and en.

The shipped ASAN catalogue (the longest names there are), one real window per
size, walked through every screen in each language: no text cut off, no two
widgets on top of each other, and the QR on the ticket screens decodes.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from datetime import date, time
from importlib import resources
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from hardware.printing import FakeTicketPrinter, PaperOut
from kiosk_app.presenters.kiosk.presenter import Screen
from kiosk_app.presenters.kiosk.runner import InlineRunner
from server_sync.kernel.booking import BookingStatus
from server_sync.kernel.catalogue import Catalogue
from server_sync.kernel.clock import FixedClock
from server_sync.kernel.order_codes import damm_check_digit
from tests.factories import booking, migrated_store
from tests.gui.kiosk.conftest import Kiosk, open_kiosk
from tests.gui.kiosk.screen_checks import decoded_qr, overlap_problems, text_problems
from tests.integration.kiosk.conftest import ALL_DAY, add_bookings

SIZES = [
    (1280, 800),
    (1280, 1024),
    (1366, 768),
    (1920, 1080),
    (1080, 1920),
    (800, 1280),
    (768, 1366),
]
UNKNOWN = "10000000000" + str(damm_check_digit("10000000000"))
pytestmark = [pytest.mark.qt_log_ignore("propagateSizeHints")]


class HoldRunner(InlineRunner):
    """Holds desk jobs when asked, so the "please wait" screen stays up."""

    hold = False

    def run(self, lane, job, done, failed=None):  # type: ignore[no-untyped-def]
        if self.hold and lane == "desk":
            return
        super().run(lane, job, done, failed)


def shipped_catalogue_always_open() -> Catalogue:
    text = resources.files("assets").joinpath("catalogue/catalogue.json").read_text("utf-8")
    data = json.loads(text)
    for centre in data["centres"]:
        centre["hours"] = ALL_DAY
        centre["holidays"] = []
    return Catalogue.from_dict(data)


@pytest.fixture
def big_store(tmp_path: Path) -> str:
    return migrated_store(f"sqlite:///{tmp_path / 'centre.db'}", shipped_catalogue_always_open())


def _walk(k: Kiosk, runner: HoldRunner, printer: FakeTicketPrinter, service: str) -> Iterator[str]:
    """Show every kiosk screen in turn; yield its name while it is up."""
    p = k.p
    engine = k.backend.desk.engine
    catalogue = k.backend.desk.catalogue
    other = next(c for c in sorted(catalogue.centres) if c != "baku-1")

    def key_in(code: str) -> None:
        p.go_home()
        p.choose_code()
        for d in code:
            p.key_digit(d)
        p.submit_code()

    def fresh(**spec: object) -> str:
        b = booking(service=service, **spec)  # type: ignore[arg-type]
        add_bookings(engine, b, now=k.clock.now())
        return b.order_code

    def biggest_agency() -> None:
        p.go_home()
        p.choose_walk_in()
        rows = p.browser.agency_rows(p.tr)
        menu = p.browser.menu
        assert menu is not None
        most = max(rows, key=lambda r: len(menu.services_of(r.key, p.language)))
        p.choose_agency(most.key)

    steps: list[tuple[str, Callable[[], None]]] = [
        ("home", p.go_home),
        (
            "code-typing",
            lambda: (p.go_home(), p.choose_code(), [p.key_digit(d) for d in "1234567"]),
        ),
        ("code-error", lambda: key_in(UNKNOWN[:-1] + str((int(UNKNOWN[-1]) + 1) % 10))),
        ("agencies", lambda: (p.go_home(), p.choose_walk_in())),
        ("agencies-page-2", lambda: p.page_turn(1)),
        ("services", biggest_agency),
        ("services-page-2", lambda: p.page_turn(1)),
        (
            "search",
            lambda: (
                p.go_home(),
                p.choose_walk_in(),
                p.open_search(),
                [p.search_key(c) for c in "PA"],
            ),
        ),
        ("search-empty", lambda: (p.search_clear(), [p.search_key(c) for c in "QQQ"])),
        (
            "application-number",
            lambda: (
                p.go_home(),
                p.choose_walk_in(),
                p.choose_agency("azersu"),
                p.choose_service("water-subscriber-application"),
                [p.application_digit(d) for d in "42"],
            ),
        ),
        (
            "walk-in-ticket",
            lambda: (biggest_agency(), p.choose_service(p.current_page.rows[0].key)),
        ),
        ("booked-ticket", lambda: key_in(fresh())),
        (
            "printer-failed",
            lambda: (printer.fail_with(PaperOut("out of paper"), times=1), key_in(fresh())),
        ),
        ("unknown", lambda: key_in(UNKNOWN)),
        ("wrong-centre", lambda: key_in(fresh(centre=other))),
        ("wrong-day", lambda: key_in(fresh(day=date(2026, 11, 25)))),
        ("too-early", lambda: key_in(fresh(at=time(11, 30)))),
        ("too-late", lambda: key_in(fresh(at=time(9, 30)))),
        ("used", lambda: key_in(fresh(status=BookingStatus.CHECKED_IN))),
        ("cancelled", lambda: key_in(fresh(status=BookingStatus.CANCELLED))),
        (
            "staff-exit",
            lambda: (p.go_home(), [p.staff_corner() for _ in range(5)], p.staff_digit("1")),
        ),
    ]
    for name, go in steps:
        go()
        yield name
    p.go_home()
    runner.hold = True
    p.choose_walk_in()
    k.window._show_busy()
    yield "busy"
    runner.hold = False
    p.go_home()


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_every_screen_fits_every_size_in_every_language(
    qtbot: QtBot, big_store: str, clock: FixedClock, size: tuple[int, int]
) -> None:
    printer = FakeTicketPrinter()
    runner = HoldRunner()
    k = open_kiosk(
        qtbot,
        big_store,
        clock,
        printer=printer,
        runner=runner,
        size=size,
        catalogue=shipped_catalogue_always_open(),
    )
    shots = os.environ.get("ASANQ_SHOTS")
    service = _bookable(k)
    problems: list[str] = []
    seen_qr = 0
    try:
        for language in ("az", "ru", "en"):
            k.p.set_language(language)
            for name in _walk(k, runner, printer, service):
                QApplication.processEvents()
                assert (k.window.width(), k.window.height()) == size, f"{name}: window grew"
                where = f"{size[0]}x{size[1]} {language} {name}"
                problems += [f"{where}: {x}" for x in text_problems(k.window)]
                problems += [f"{where}: {x}" for x in overlap_problems(k.window)]
                if k.p.screen is Screen.TICKET:
                    view = k.p.ticket
                    assert view is not None
                    got = decoded_qr(k.window)
                    if got != [view.qr_url]:
                        problems.append(f"{where}: the QR reads {got}, not {view.qr_url}")
                    seen_qr += 1
                if shots:
                    folder = Path(shots) / f"{size[0]}x{size[1]}" / language
                    folder.mkdir(parents=True, exist_ok=True)
                    k.window.grab().save(str(folder / f"{name}.png"))
    finally:
        k.p.quit_requested = True
        k.window.close()
        k.backend.desk.engine.dispose()
    assert seen_qr == 9  # three ticket screens in each language
    assert not problems, "\n".join(problems)


def _bookable(k: Kiosk) -> str:
    catalogue = k.backend.desk.catalogue
    here = catalogue.centres["baku-1"]
    return sorted(s for s in here.service_ids if catalogue.services[s].bookable_online)[0]
