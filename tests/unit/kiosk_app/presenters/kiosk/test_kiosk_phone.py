"""A walk-in's optional mobile number for "your turn is near" (issue 15): asked only
when the centre sends SMS, skippable, checked before the ticket, never kept on screen."""

from __future__ import annotations

import pytest

from kiosk_app.presenters.kiosk.presenter import KioskPresenter, Screen
from tests.unit.kiosk_app.presenters.kiosk.kiosk_fakes import FakeBackend, ManualTime
from tests.unit.kiosk_app.presenters.kiosk.test_kiosk_presenter import make


@pytest.fixture
def backend() -> FakeBackend:
    return FakeBackend()


@pytest.fixture
def clock() -> ManualTime:
    return ManualTime()


def to_phone_screen(backend: FakeBackend, clock: ManualTime) -> KioskPresenter:
    kiosk = make(backend, clock, ask_phone=True)
    kiosk.choose_walk_in()
    kiosk.choose_agency("dmx")
    kiosk.choose_service("passport")
    return kiosk


def test_a_typed_mobile_number_goes_with_the_walk_in(
    backend: FakeBackend, clock: ManualTime
) -> None:
    kiosk = to_phone_screen(backend, clock)
    assert kiosk.screen is Screen.PHONE
    assert kiosk.phone_display == "••• ••• •• ••"
    for digit in "0701234567":
        kiosk.phone_digit(digit)
    assert kiosk.phone_display == "070 123 45 67"
    kiosk.phone_digit("8")  # full: ignored
    kiosk.submit_phone()
    assert kiosk.screen is Screen.TICKET
    assert backend.phones == ["0701234567"]
    assert kiosk.phone.empty


def test_a_landline_is_refused_with_its_message_and_skip_gives_the_ticket(
    backend: FakeBackend, clock: ManualTime
) -> None:
    kiosk = to_phone_screen(backend, clock)
    for digit in "0124987654":  # Baku landline (12)
        kiosk.phone_digit(digit)
    kiosk.submit_phone()
    assert kiosk.screen is Screen.PHONE
    assert kiosk.phone_error_text == kiosk.tr("booking.error.phone_not_mobile")
    assert backend.phones == []
    kiosk.skip_phone()
    assert kiosk.screen is Screen.TICKET
    assert backend.phones == [None]


def test_back_and_idle_forget_the_typed_number(backend: FakeBackend, clock: ManualTime) -> None:
    kiosk = to_phone_screen(backend, clock)
    kiosk.phone_digit("0")
    kiosk.back()
    assert kiosk.screen is Screen.SERVICES
    assert kiosk.phone.empty
    kiosk.choose_service("passport")
    kiosk.phone_digit("0")
    clock.advance(120)
    kiosk.tick()
    assert kiosk.screen is Screen.HOME
    assert kiosk.phone.empty


def test_without_sms_the_walk_in_gets_the_ticket_at_once(
    backend: FakeBackend, clock: ManualTime
) -> None:
    kiosk = make(backend, clock)
    kiosk.choose_walk_in()
    kiosk.choose_agency("dmx")
    kiosk.choose_service("passport")
    assert kiosk.screen is Screen.TICKET
    assert backend.phones == [None]
