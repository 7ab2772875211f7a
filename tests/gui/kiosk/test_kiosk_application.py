"""A walk-in for a service that takes agency applications (issue 17, item 6) gives the
application's number at the kiosk: the optional "Müraciət nömrəniz" step after the
service, in az, ru and en; the number is stored with the ticket, so the counter opens
the application when it calls it. "No application" still gives the ticket."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from kiosk_app.presenters.kiosk.presenter import Screen
from kiosk_app.store import read_tx, tables
from kiosk_app.ui.kiosk.screen_entry import ApplicationScreen
from server_sync.kernel.clock import FixedClock
from tests.factories import migrated_store
from tests.gui.kiosk.conftest import Kiosk, open_kiosk, tap
from tests.gui.kiosk.test_kiosk_flows import shown
from tests.gui.kiosk.test_kiosk_sizes import shipped_catalogue_always_open

pytestmark = [pytest.mark.qt_log_ignore("propagateSizeHints")]
WATER = "water-subscriber-application"


@pytest.fixture
def kiosk(qtbot: QtBot, tmp_path: Path, clock: FixedClock) -> Iterator[Kiosk]:
    shipped = shipped_catalogue_always_open()
    url = migrated_store(f"sqlite:///{tmp_path / 'centre.db'}", shipped)
    k = open_kiosk(qtbot, url, clock, size=(1280, 800), catalogue=shipped)
    yield k
    k.p.quit_requested = True
    k.window.close()
    k.backend.desk.engine.dispose()
    QApplication.processEvents()


def to_application(k: Kiosk, service: str = WATER) -> ApplicationScreen:
    k.p.choose_walk_in()
    k.p.choose_agency(k.backend.desk.catalogue.services[service].agency_id)
    k.p.choose_service(service)
    screen = k.window.screens[Screen.APPLICATION]
    assert isinstance(screen, ApplicationScreen)
    return screen


def stored_numbers(k: Kiosk) -> list[str | None]:
    with read_tx(k.backend.desk.engine) as conn:
        return list(conn.execute(select(tables.tickets.c.application_number)).scalars())


@pytest.mark.parametrize("lang", ["az", "ru", "en"])
def test_a_walk_in_types_the_application_number_and_it_stays_on_the_ticket(
    qtbot: QtBot, kiosk: Kiosk, lang: str, screenshot_dir: Path
) -> None:
    kiosk.p.set_language(lang)
    screen = to_application(kiosk)
    assert shown(kiosk) is Screen.APPLICATION
    tr = kiosk.p.tr
    assert screen.title.text() == tr("kiosk.application.title")
    assert screen.skip.text() == tr("kiosk.application.skip")
    assert not screen.confirm.isEnabled()  # nothing typed yet
    year = kiosk.clock.now().year
    assert screen.display.text() == f"AZERSU-{year}-000000"
    for digit in "42":
        tap(qtbot, screen.keypad.digits[digit])
    assert screen.display.text() == f"AZERSU-{year}-000042"
    folder = screenshot_dir / "kiosk-application"
    folder.mkdir(parents=True, exist_ok=True)
    assert kiosk.window.grab().save(str(folder / f"{lang}-application.png"))
    tap(qtbot, screen.confirm)
    assert shown(kiosk) is Screen.TICKET
    assert stored_numbers(kiosk) == [f"AZERSU-{year}-000042"]
    kiosk.p.go_home()
    screen = to_application(kiosk)
    assert screen.display.text() == f"AZERSU-{year}-000000"  # the next visitor starts clean


def test_no_application_still_gives_the_ticket_and_a_service_without_a_form_asks_nothing(
    qtbot: QtBot, kiosk: Kiosk
) -> None:
    screen = to_application(kiosk)
    for digit in "123456":
        tap(qtbot, screen.keypad.digits[digit])
    assert not screen.keypad.digits["7"].isEnabled()  # six digits at most
    kiosk.p.application_digit("7")  # a scanner or a stuck key cannot add a seventh
    assert screen.display.text().endswith("-123456")
    tap(qtbot, screen.skip)
    assert shown(kiosk) is Screen.TICKET
    assert stored_numbers(kiosk) == [None]
    kiosk.p.go_home()
    catalogue = kiosk.backend.desk.catalogue
    plain = next(
        s
        for s in sorted(catalogue.centres["baku-1"].service_ids)
        if catalogue.services[s].form is None and catalogue.services[s].walk_in
    )
    kiosk.p.choose_walk_in()
    kiosk.p.choose_agency(catalogue.services[plain].agency_id)
    kiosk.p.choose_service(plain)
    assert shown(kiosk) is Screen.TICKET
    assert stored_numbers(kiosk) == [None, None]


def test_a_number_filed_before_new_year_switches_to_the_year_before(
    qtbot: QtBot, kiosk: Kiosk, screenshot_dir: Path
) -> None:
    screen = to_application(kiosk)
    year = kiosk.clock.now().year
    tr = kiosk.p.tr
    assert screen.year.text() == tr("kiosk.application.other_year", year=str(year - 1))
    for digit in "987":
        tap(qtbot, screen.keypad.digits[digit])
    tap(qtbot, screen.year)
    assert screen.display.text() == f"AZERSU-{year - 1}-000987"  # the digits stay
    assert screen.year.text() == tr("kiosk.application.other_year", year=str(year))
    folder = screenshot_dir / "kiosk-application"
    folder.mkdir(parents=True, exist_ok=True)
    assert kiosk.window.grab().save(str(folder / "az-application-year-before.png"))
    tap(qtbot, screen.confirm)
    assert stored_numbers(kiosk) == [f"AZERSU-{year - 1}-000987"]
    kiosk.p.go_home()
    screen = to_application(kiosk)
    assert screen.display.text() == f"AZERSU-{year}-000000"  # the next visitor: this year
