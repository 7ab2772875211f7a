"""IT's view of a kiosk whose printer ran out of paper: one fault, said once, in the
page's language (the same words as the management screen's)."""

from __future__ import annotations

from datetime import timedelta

import httpx
import pytest

from kiosk_app.services.staff import words
from kiosk_app.services.staff.dashboard import device_alerts
from kiosk_app.store import device_repo, tables
from kiosk_app.store.engine import write_tx
from server_sync.it import pages
from server_sync.it.overview import overview
from server_sync.it.users import set_password
from server_sync.kernel import device_words
from tests.integration.sync.conftest import World

PAGE_WORDS = {
    "az": ("Kağız qurtarıb", "Printer out of paper"),
    "ru": ("Бумага закончилась", "Printer out of paper"),
    "en": ("Paper out", "Printer out of paper"),
}


def _paper_out_kiosk(world: World) -> None:
    """What the kiosk writes when the printer is out of paper: it also answers
    offline, and the kiosk adds its own (English) alert."""
    with write_tx(world.centre) as conn:
        conn.execute(
            tables.devices.insert().values(
                device_id="kiosk-1",
                kind="kiosk",
                version="1.4.2",
                last_seen=world.centre_clock.now(),
                printer_state="offline",
                paper="out",
                cover_open=False,
                alert="Printer out of paper: load a new roll",
                details={"printer": "paper_out"},
            )
        )


@pytest.mark.parametrize("lang", ["az", "ru", "en"])
def test_a_paper_out_kiosk_is_one_alert_in_the_pages_language(world: World, lang: str) -> None:
    _paper_out_kiosk(world)
    world.agent().run_round()
    centre = {c.centre_id: c for c in overview(world.central, world.central_clock.now(), 120)}
    assert [str(a) for a in centre["baku-1"].alerts] == ["kiosk-1: paper out"]
    set_password(world.central, "leyla", "correct horse battery", world.central_clock.now())
    with httpx.Client(base_url=world.server.url) as http:
        signed = http.post(
            "/it/sign-in", data={"username": "leyla", "password": "correct horse battery"}
        )
        assert signed.status_code == 303
        page = http.get(f"/it?lang={lang}").text
    said, english_alert = PAGE_WORDS[lang]
    assert page.count("⚠") == 1  # one fault, once
    assert f"kiosk-1: {said}" in page
    assert english_alert not in page  # the kiosk's own text is for logs, not for IT


def test_the_management_screen_shows_the_same_single_fault(world: World) -> None:
    _paper_out_kiosk(world)
    with write_tx(world.centre) as conn:
        device = device_repo.list_devices(conn)[0]
    now = world.centre_clock.now()
    assert device_alerts(device, now) == ("paper_out",)
    assert device_alerts(device, now + timedelta(minutes=10)) == ("device_silent", "paper_out")


def test_one_map_of_words_for_staff_and_it() -> None:
    assert words.ALERT is device_words.ALERT
    assert pages._ALERTS is device_words.ALERT
    assert words.DEVICE_STATE is pages._PRINTER is device_words.PRINTER_STATE
    assert words.PAPER is pages._PAPER is device_words.PAPER


@pytest.mark.parametrize(
    ("printer", "paper", "cover", "fault"),
    [
        ("offline", "out", False, "paper_out"),
        ("offline", "ok", True, "cover_open"),
        ("offline", "unknown", None, "printer_offline"),
        ("online", "near_end", False, "paper_near_end"),
        ("online", "ok", False, None),
        (None, None, None, None),
    ],
)
def test_the_fault_a_printer_shows_is_its_cause(
    printer: str | None, paper: str | None, cover: bool | None, fault: str | None
) -> None:
    assert device_words.printer_fault(printer, paper, cover) == fault
