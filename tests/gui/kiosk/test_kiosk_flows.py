"""Tapping through the kiosk like a visitor (offscreen Qt, real store)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton
from pytestqt.qtbot import QtBot

from kiosk_app.presenters.kiosk.presenter import Screen
from kiosk_app.ui.kiosk.screen_ticket import TicketScreen
from kiosk_app.ui.kiosk.screens import CodeScreen, HomeScreen, MessageScreen
from kiosk_app.ui.kiosk.screens_menu import ListScreen, SearchScreen
from server_sync.kernel.order_codes import damm_check_digit
from tests.gui.kiosk.conftest import Kiosk, tap

UNKNOWN = "10000000000" + str(damm_check_digit("10000000000"))
pytestmark = [pytest.mark.qt_log_ignore("propagateSizeHints")]


def home(k: Kiosk) -> HomeScreen:
    screen = k.window.screens[Screen.HOME]
    assert isinstance(screen, HomeScreen)
    return screen


def shown(k: Kiosk) -> Screen:
    current = k.window.stack.currentWidget()
    return next(s for s, w in k.window.screens.items() if w is current)


def type_on_keypad(qtbot: QtBot, k: Kiosk, code: str) -> CodeScreen:
    tap(qtbot, home(k).code)
    screen = k.window.screens[Screen.CODE]
    assert isinstance(screen, CodeScreen)
    for digit in code:
        tap(qtbot, screen.keypad.digits[digit])
    return screen


def test_home_offers_two_big_choices_in_azerbaijani(kiosk: Kiosk) -> None:
    screen = home(kiosk)
    assert screen.code.title.text() == "Onlayn növbə kodum var"
    assert screen.walk_in.title.text() == "Bilet götürün"
    assert kiosk.window.topbar.langs["az"].isChecked()
    assert not kiosk.window.status.isVisible()  # all is well: no status line


def test_walk_in_ticket_by_taps(qtbot: QtBot, kiosk: Kiosk) -> None:
    tap(qtbot, home(kiosk).walk_in)
    assert shown(kiosk) is Screen.AGENCIES
    agencies = kiosk.window.screens[Screen.AGENCIES]
    assert isinstance(agencies, ListScreen)
    titles = [r.title.text() for r in agencies.panel.rows if r.isVisible()]
    assert titles == ['"Azərsu" ASC', "Dövlət Miqrasiya Xidməti"]
    tap(qtbot, agencies.panel.rows[1])
    services = kiosk.window.screens[Screen.SERVICES]
    assert isinstance(services, ListScreen)
    assert services.title.text() == "Dövlət Miqrasiya Xidməti"
    row = services.panel.rows[0]
    assert row.title.text() == "Pasportun verilməsi"
    assert row.detail.text() == "Növbə yoxdur"
    tap(qtbot, row)
    ticket = kiosk.window.screens[Screen.TICKET]
    assert isinstance(ticket, TicketScreen)
    assert shown(kiosk) is Screen.TICKET
    assert ticket.take.text() == "Biletinizi götürün"
    assert ticket.number.text() == "A001"
    assert ticket.qr.url == "http://127.0.0.1:8080/t/baku-1/2026-11-23/A001?lang=az"
    assert ticket.print_text.text() == "Bileti aşağıdakı yuvadan götürün"
    assert kiosk.printer.titles == ["ticket A001"]  # type: ignore[attr-defined]


def test_search_with_the_on_screen_keyboard(qtbot: QtBot, kiosk: Kiosk) -> None:
    tap(qtbot, home(kiosk).walk_in)
    agencies = kiosk.window.screens[Screen.AGENCIES]
    assert isinstance(agencies, ListScreen)
    tap(qtbot, agencies.search)
    search = kiosk.window.screens[Screen.SEARCH]
    assert isinstance(search, SearchScreen)
    keys = {b.text(): b for b in search.letter_buttons if b.isVisible()}
    assert {"Ə", "Ğ", "İ", "I", "Ö", "Ü", "Ş", "Ç"} <= set(keys)
    for letter in "SU":
        tap(qtbot, keys[letter])
    assert search.query.text().startswith("SU")
    rows = [r for r in search.panel.rows if r.isVisible()]
    assert rows[0].title.text() == "Su təchizatı müraciəti"
    tap(qtbot, rows[0])
    assert kiosk.window.screens[Screen.TICKET].number.text() == "H001"  # type: ignore[attr-defined]


def test_check_in_with_the_keypad(qtbot: QtBot, kiosk: Kiosk) -> None:
    code = kiosk.codes["ok"]
    screen = type_on_keypad(qtbot, kiosk, code[:6])
    assert screen.display.text() == f"{code[:4]} {code[4:6]}•• ••••"
    assert not screen.confirm.isEnabled()
    tap(qtbot, screen.keypad.backspace)
    tap(qtbot, screen.keypad.clear)
    assert screen.display.text() == "•••• •••• ••••"
    for digit in code:
        tap(qtbot, screen.keypad.digits[digit])
    assert screen.display.text() == f"{code[:4]} {code[4:8]} {code[8:]}"
    assert not screen.keypad.digits["1"].isEnabled()  # full: no thirteenth digit
    tap(qtbot, screen.confirm)
    ticket = kiosk.window.screens[Screen.TICKET]
    assert isinstance(ticket, TicketScreen)
    assert ticket.number.text() == "A001"
    assert ticket.slot.text() == "Onlayn növbə vaxtı: 10:15"


def test_typing_error_is_shown_on_the_keypad(qtbot: QtBot, kiosk: Kiosk) -> None:
    good = kiosk.codes["ok"]
    screen = type_on_keypad(qtbot, kiosk, good[:-1] + str((int(good[-1]) + 1) % 10))
    tap(qtbot, screen.confirm)
    assert shown(kiosk) is Screen.CODE
    assert screen.error.text().startswith("Kodda yazı səhvi var")


@pytest.mark.parametrize(
    ("outcome", "title", "detail"),
    [
        ("wrong_centre", "Bu kod başqa mərkəz üçündür", 'Gəncə "ASAN xidmət" mərkəzi'),
        ("wrong_day", "Növbəniz bu gün üçün deyil", "25 noyabr 2026"),
        ("too_early", "Hələ tezdir", "Saat 11:00 olanda yenidən yaxınlaşın."),
        ("too_late", "Növbənizin vaxtı keçib", "Canlı növbə üçün bilet götürə bilərsiniz."),
        ("used", "Bu koddan artıq istifadə olunub", "məlumat masasına"),
        ("cancelled", "Onlayn növbə ləğv edilib", "ləğv olunub"),
        ("unknown", "Kod tapılmadı", "Kodu yoxlayıb yenidən yazın"),
    ],
)
def test_each_refusal_screen(
    qtbot: QtBot, kiosk: Kiosk, outcome: str, title: str, detail: str
) -> None:
    code = kiosk.codes.get(outcome, UNKNOWN)
    screen = type_on_keypad(qtbot, kiosk, code)
    tap(qtbot, screen.confirm)
    message = kiosk.window.screens[Screen.MESSAGE]
    assert isinstance(message, MessageScreen)
    assert shown(kiosk) is Screen.MESSAGE
    assert message.title.text() == title
    assert detail in f"{message.body.text()} {message.next.text()}"
    visible = [b for b in message.buttons if b.isVisible()]
    assert visible  # always a next step to tap
    tap(qtbot, visible[-1])
    assert shown(kiosk) is Screen.HOME


def test_too_late_walk_in_offer_leads_to_the_services(qtbot: QtBot, kiosk: Kiosk) -> None:
    screen = type_on_keypad(qtbot, kiosk, kiosk.codes["too_late"])
    tap(qtbot, screen.confirm)
    message = kiosk.window.screens[Screen.MESSAGE]
    assert isinstance(message, MessageScreen)
    assert message.buttons[0].text() == "Canlı növbəyə bilet"
    tap(qtbot, message.buttons[0])
    assert shown(kiosk) is Screen.AGENCIES


def _lang(qtbot: QtBot, k: Kiosk, lang: str) -> None:
    tap(qtbot, k.window.topbar.langs[lang])


def test_language_switch_on_every_screen(qtbot: QtBot, kiosk: Kiosk) -> None:
    p = kiosk.p
    visits = {
        Screen.HOME: (p.go_home, "Взять талон", "Get a ticket"),
        Screen.CODE: (p.choose_code, "Введите код заказа", "Enter your order code"),
        Screen.AGENCIES: (p.choose_walk_in, "Выберите ведомство", "Choose an agency"),
        Screen.SERVICES: (lambda: p.choose_agency("dmx"), "Выдача паспорта", "Passport issue"),
        Screen.SEARCH: (p.open_search, "Введите название услуги", "Type the name of the service"),
        Screen.MESSAGE: (
            lambda: p.scanned(kiosk.codes["used"]),
            "Этот код уже использован",
            "This code has already been used",
        ),
        Screen.TICKET: (lambda: p.scanned(kiosk.codes["ok"]), "Возьмите талон", "Take your ticket"),
    }
    for screen, (go, russian, english) in visits.items():
        go()
        assert shown(kiosk) is screen
        for lang, words in (("ru", russian), ("en", english)):
            _lang(qtbot, kiosk, lang)
            current = kiosk.window.stack.currentWidget()
            texts = " ".join(
                w.text() for w in current.findChildren(QPushButton) + current.findChildren(QLabel)
            )
            assert words in texts, (screen, lang)
            assert kiosk.window.topbar.langs[lang].isChecked()
        _lang(qtbot, kiosk, "az")
    assert kiosk.window.screens[Screen.TICKET].take.text() == "Biletinizi götürün"  # type: ignore[attr-defined]


def test_idle_reset_clears_a_partial_code(qtbot: QtBot, kiosk: Kiosk) -> None:
    _lang(qtbot, kiosk, "en")
    screen = type_on_keypad(qtbot, kiosk, "123456")
    kiosk.advance(30)
    kiosk.window.timer.timeout.emit()
    assert shown(kiosk) is Screen.CODE
    kiosk.advance(16)
    kiosk.window.timer.timeout.emit()
    assert shown(kiosk) is Screen.HOME
    assert kiosk.p.entry.empty
    assert home(kiosk).code.title.text() == "Onlayn növbə kodum var"  # back to Azerbaijani
    tap(qtbot, home(kiosk).code)
    assert screen.display.text() == "•••• •••• ••••"


def test_a_touch_anywhere_keeps_the_kiosk_awake(qtbot: QtBot, kiosk: Kiosk) -> None:
    screen = type_on_keypad(qtbot, kiosk, "12")
    kiosk.advance(40)
    qtbot.mouseClick(screen.title, Qt.MouseButton.LeftButton)  # not a button: still a touch
    kiosk.advance(40)
    kiosk.window.timer.timeout.emit()
    assert shown(kiosk) is Screen.CODE
