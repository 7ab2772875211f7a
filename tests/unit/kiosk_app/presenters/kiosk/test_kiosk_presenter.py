"""The kiosk's screen logic without Qt: every flow and refusal, idle reset, scans,
printing failures and retries, the status line and the staff exit."""

from __future__ import annotations

import pytest

from kiosk_app.presenters.kiosk.presenter import (
    KioskOptions,
    KioskPresenter,
    PrintState,
    Screen,
)
from kiosk_app.presenters.kiosk.runner import InlineRunner
from kiosk_app.services.kiosk.types import PrinterState
from tests.unit.kiosk_app.presenters.kiosk.kiosk_fakes import (
    CANCELLED,
    OK,
    TOO_EARLY,
    TOO_LATE,
    UNKNOWN,
    USED,
    WRONG_CENTRE,
    WRONG_DAY,
    FakeBackend,
    FakeExitPin,
    ManualTime,
)

PIN = "2468"


@pytest.fixture
def backend() -> FakeBackend:
    return FakeBackend()


@pytest.fixture
def clock() -> ManualTime:
    return ManualTime()


def make(backend: FakeBackend, clock: ManualTime, **options: object) -> KioskPresenter:
    return KioskPresenter(
        backend,
        InlineRunner(),
        KioskOptions(**options),  # type: ignore[arg-type]
        check_pin=FakeExitPin(PIN, clock),
        monotonic=clock,
    )


@pytest.fixture
def kiosk(backend: FakeBackend, clock: ManualTime) -> KioskPresenter:
    return make(backend, clock)


def type_code(k: KioskPresenter, code: str) -> None:
    k.choose_code()
    for digit in code:
        k.key_digit(digit)


def test_starts_home_in_azerbaijani_and_switches_language(kiosk: KioskPresenter) -> None:
    assert kiosk.screen is Screen.HOME
    assert kiosk.tr("kiosk.home.code") == "Onlayn növbə kodum var"
    assert kiosk.tr("kiosk.home.walk_in") == "Bilet götürün"
    seen = []
    kiosk.subscribe(lambda: seen.append(kiosk.language))
    kiosk.set_language("ru")
    assert kiosk.tr("kiosk.home.walk_in") == "Взять талон"
    kiosk.set_language("en")
    assert kiosk.tr("kiosk.home.code") == "I have an online order code"
    assert seen == ["ru", "en"]


def test_keypad_groups_digits_and_edits(kiosk: KioskPresenter) -> None:
    type_code(kiosk, "1234567")
    assert kiosk.entry.display == "1234 567• ••••"
    kiosk.key_backspace()
    assert kiosk.entry.grouped == "1234 56"
    kiosk.key_clear()
    assert kiosk.entry.empty
    type_code(kiosk, "1234567890123456")
    assert kiosk.entry.digits == "123456789012"  # never more than 12
    assert kiosk.entry.complete


def test_typing_error_is_caught_before_any_lookup(
    kiosk: KioskPresenter, backend: FakeBackend
) -> None:
    wrong = OK[:-1] + str((int(OK[-1]) + 1) % 10)
    type_code(kiosk, wrong)
    kiosk.submit_code()
    assert kiosk.screen is Screen.CODE
    assert "yazı səhvi" in kiosk.code_error_text
    assert backend.check_ins == []
    kiosk.key_backspace()
    assert kiosk.code_error_text == ""


def test_short_code_says_twelve_digits(kiosk: KioskPresenter, backend: FakeBackend) -> None:
    type_code(kiosk, "12345")
    kiosk.submit_code()
    assert kiosk.code_error_text == "Kod 12 rəqəmdən ibarət olmalıdır."
    assert backend.check_ins == []


def test_check_in_shows_the_ticket_then_prints_it(
    kiosk: KioskPresenter, backend: FakeBackend
) -> None:
    type_code(kiosk, OK)
    kiosk.submit_code()
    assert kiosk.screen is Screen.TICKET
    view = kiosk.ticket
    assert view is not None
    assert view.number == "A001"
    assert view.booked_slot == "Onlayn növbə vaxtı: 10:15"
    assert view.ahead == "Sizdən əvvəl heç kim yoxdur"
    assert view.qr_url.endswith("/baku-1/2026-11-23/A001?lang=az")  # the visitor's language
    assert view.print_state is PrintState.PRINTED
    assert backend.printed == [(1, "az")]
    assert kiosk.entry.empty  # the code is not left behind for the next visitor


@pytest.mark.parametrize(
    ("code", "kind", "words"),
    [
        (WRONG_CENTRE, "wrong_centre", 'Gəncə "ASAN xidmət" mərkəzi'),
        (WRONG_DAY, "wrong_day", "25 noyabr 2026"),
        (TOO_EARLY, "too_early", "Saat 10:45 olanda"),
        (TOO_LATE, "too_late", "Canlı növbə üçün bilet götürə bilərsiniz"),
        (USED, "used", "artıq verilib"),
        (CANCELLED, "cancelled", "ləğv olunub"),
        (UNKNOWN, "unknown", "Kodu yoxlayıb yenidən yazın"),
    ],
)
def test_each_refusal_has_its_own_message_and_next_step(
    kiosk: KioskPresenter, code: str, kind: str, words: str
) -> None:
    type_code(kiosk, code)
    kiosk.submit_code()
    assert kiosk.screen is Screen.MESSAGE
    message = kiosk.message
    assert message is not None
    assert message.kind == kind
    assert words in f"{message.title} {message.body} {message.next_step}"
    assert message.actions  # always a way on


def test_too_early_says_the_slot_and_when_to_come_back(kiosk: KioskPresenter) -> None:
    kiosk.set_language("en")
    type_code(kiosk, TOO_EARLY)
    kiosk.submit_code()
    message = kiosk.message
    assert message is not None
    assert message.body.startswith("Your booking time is 11:15.")
    assert message.next_step == "Please come back at 10:45."


def test_too_late_offers_a_walk_in_only_when_the_setting_allows(
    backend: FakeBackend, clock: ManualTime
) -> None:
    kiosk = make(backend, clock, offer_walk_in_when_late=True)
    type_code(kiosk, TOO_LATE)
    kiosk.submit_code()
    assert kiosk.message is not None
    assert "walk_in" in [a for a, _ in kiosk.message.actions]
    kiosk.message_action("walk_in")
    assert kiosk.screen is Screen.AGENCIES

    strict = make(backend, clock, offer_walk_in_when_late=False)
    type_code(strict, TOO_LATE)
    strict.submit_code()
    assert strict.message is not None
    assert [a for a, _ in strict.message.actions] == ["home"]
    assert "məlumat masasına" in strict.message.next_step


def test_unknown_code_mentions_the_link_when_central_is_unreachable(
    kiosk: KioskPresenter, backend: FakeBackend
) -> None:
    backend.link_reachable = False
    type_code(kiosk, UNKNOWN)
    kiosk.submit_code()
    assert kiosk.message is not None
    assert "Mərkəzi sistemlə əlaqə yoxdur" in kiosk.message.next_step
    assert "Yeni onlayn kodlar" in kiosk.status_text


def test_refusal_retype_goes_back_to_an_empty_keypad(kiosk: KioskPresenter) -> None:
    type_code(kiosk, UNKNOWN)
    kiosk.submit_code()
    kiosk.message_action("retype")
    assert kiosk.screen is Screen.CODE
    assert kiosk.entry.empty


def test_walk_in_agency_service_ticket(kiosk: KioskPresenter, backend: FakeBackend) -> None:
    kiosk.choose_walk_in()
    assert kiosk.screen is Screen.AGENCIES
    agencies = [r.title for r in kiosk.current_page.rows]
    assert agencies == ['"Azərsu" ASC', "Dövlət Miqrasiya Xidməti"]
    kiosk.choose_agency("dmx")
    assert kiosk.screen is Screen.SERVICES
    rows = kiosk.current_page.rows
    # residence takes no walk-ins: only the passport is offered
    assert [r.key for r in rows] == ["passport"]
    assert rows[0].detail == "Gözləyir: 4 nəfər  ·  Təxmini gözləmə: ~20 dəq"
    kiosk.choose_service("passport")
    assert kiosk.screen is Screen.TICKET
    assert kiosk.ticket is not None
    assert kiosk.ticket.number == "A001"
    assert kiosk.ticket.wait == ""  # nobody ahead: no wait line


def test_search_finds_services_without_azerbaijani_letters(kiosk: KioskPresenter) -> None:
    kiosk.choose_walk_in()
    kiosk.open_search()
    for key in "SU TƏC":
        kiosk.search_key(key)
    assert [r.key for r in kiosk.current_page.rows] == ["water"]
    kiosk.search_clear()
    for key in "VODO":  # Russian name, typed on the Latin keys: nothing
        kiosk.search_key(key)
    assert kiosk.current_page.rows == ()
    kiosk.set_language("ru")
    assert kiosk.keyboard[0].startswith("ЙЦУКЕН")
    kiosk.search_clear()
    for key in "ВОДО":
        kiosk.search_key(key)
    assert [r.key for r in kiosk.current_page.rows] == ["water"]


def test_back_from_services_returns_to_agencies(kiosk: KioskPresenter) -> None:
    kiosk.choose_walk_in()
    kiosk.choose_agency("dmx")
    kiosk.back()
    assert kiosk.screen is Screen.AGENCIES
    kiosk.back()
    assert kiosk.screen is Screen.HOME


def test_printer_failure_keeps_number_on_screen_and_retry_reprints_same_ticket(
    kiosk: KioskPresenter, backend: FakeBackend
) -> None:
    backend.print_fails = 1
    kiosk.choose_walk_in()
    kiosk.choose_service("water")
    view = kiosk.ticket
    assert view is not None
    assert view.print_state is PrintState.FAILED
    assert view.number == "H001"
    assert view.qr_url
    assert "İşçilərə xəbər verilib" in view.print_text
    assert view.can_retry
    assert "Printer işləmir" in kiosk.status_text
    kiosk.retry_print()
    assert kiosk.ticket is not None
    assert kiosk.ticket.print_state is PrintState.PRINTED
    assert backend.walk_ins == [("water", backend.walk_ins[0][1])]  # one ticket
    assert [t for t, _ in backend.printed] == [1, 1]  # the same ticket twice
    assert kiosk.status_text == ""


def test_store_down_message_and_retry_uses_the_same_request(
    kiosk: KioskPresenter, backend: FakeBackend
) -> None:
    kiosk.choose_walk_in()
    kiosk.choose_agency("azersu")
    backend.store_down = True
    kiosk.choose_service("water")
    assert kiosk.message is not None
    assert kiosk.message.kind == "store"
    assert "Bilet verilməsi müvəqqəti dayanıb" in kiosk.status_text
    backend.store_down = False
    kiosk.message_action("retry")
    assert kiosk.screen is Screen.TICKET
    first, second = backend.walk_ins
    assert first[1] == second[1]  # same request id: a retry cannot make two tickets


def test_idle_reset_clears_partial_code_and_language(
    kiosk: KioskPresenter, clock: ManualTime
) -> None:
    kiosk.set_language("ru")
    type_code(kiosk, "12345")
    clock.advance(44)
    kiosk.tick()
    assert kiosk.screen is Screen.CODE
    kiosk.touched()
    clock.advance(44)
    kiosk.tick()
    assert kiosk.screen is Screen.CODE  # touches keep it alive
    clock.advance(2)
    kiosk.tick()
    assert kiosk.screen is Screen.HOME
    assert kiosk.entry.empty
    assert kiosk.language == "az"


def test_printed_ticket_screen_goes_home_sooner(kiosk: KioskPresenter, clock: ManualTime) -> None:
    kiosk.choose_walk_in()
    kiosk.choose_service("passport")
    clock.advance(21)
    kiosk.tick()
    assert kiosk.screen is Screen.HOME
    assert kiosk.ticket is None


def test_scan_works_from_any_screen(kiosk: KioskPresenter, backend: FakeBackend) -> None:
    kiosk.choose_walk_in()
    kiosk.choose_agency("dmx")
    kiosk.scanned(OK)
    assert kiosk.screen is Screen.TICKET
    assert backend.check_ins == [OK]
    kiosk.scanned(USED)  # the next visitor scans while the last ticket is shown
    assert kiosk.message is not None
    assert kiosk.message.kind == "used"


def test_printer_and_store_are_polled_and_recover(
    kiosk: KioskPresenter, backend: FakeBackend, clock: ManualTime
) -> None:
    kiosk.tick()
    assert backend.printer_polls == 1
    backend.printer_state = PrinterState.OFFLINE
    clock.advance(31)
    kiosk.tick()
    assert "Printer işləmir" in kiosk.status_text
    backend.printer_state = PrinterState.READY
    clock.advance(6)  # in trouble it is asked more often
    kiosk.tick()
    assert kiosk.status_text == ""
    backend.store_down = True
    clock.advance(61)
    kiosk.tick()
    assert "müvəqqəti dayanıb" in kiosk.status_text
    backend.store_down = False
    clock.advance(6)
    kiosk.tick()
    assert kiosk.status_text == ""


def test_staff_exit_needs_the_secret_corner_and_the_pin(
    kiosk: KioskPresenter, clock: ManualTime
) -> None:
    for _ in range(4):
        kiosk.staff_corner()
    assert kiosk.screen is Screen.HOME
    kiosk.staff_corner()
    assert kiosk.screen is Screen.STAFF
    for d in "1111":
        kiosk.staff_digit(d)
    assert kiosk.staff.masked == "●●●●"
    kiosk.staff_submit()
    assert kiosk.staff_error_text == "PIN səhvdir"
    assert not kiosk.quit_requested
    for _ in range(4):
        kiosk.staff_submit()
    assert "gözləyin" in kiosk.staff_error_text  # locked after five wrong PINs
    assert "dəq" in kiosk.staff_error_text  # the lock is minutes, said in minutes
    assert "saniyə" not in kiosk.staff_error_text
    for d in PIN:
        kiosk.staff_digit(d)
    kiosk.staff_submit()
    assert not kiosk.quit_requested  # even the right PIN waits out the lock
    clock.advance(61)
    for d in PIN:
        kiosk.staff_digit(d)
    kiosk.staff_submit()
    assert kiosk.quit_requested


def test_staff_corner_taps_must_be_quick(kiosk: KioskPresenter, clock: ManualTime) -> None:
    for _ in range(5):
        kiosk.staff_corner()
        clock.advance(1.0)
    assert kiosk.screen is Screen.HOME
