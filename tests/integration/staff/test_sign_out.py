"""Signing out closes the counter (not while a visitor is in hand), and an
untouched console signs out by itself; on a real store with a real counter desk."""

from __future__ import annotations

from kiosk_app.domain.counter import CounterAction as A
from kiosk_app.domain.counter import CounterState
from kiosk_app.presenters.staff.console import StaffConsole
from kiosk_app.presenters.staff.counter import CounterPresenter
from kiosk_app.presenters.staff.manager import ManagerPresenter
from kiosk_app.services.staff.types import StaffSession
from kiosk_app.staff_config import DEFAULT_PRIORITY_CATEGORIES
from kiosk_app.store import queue_repo
from kiosk_app.store.engine import read_tx
from server_sync.kernel.i18n import Translator
from tests.factories import catalogue
from tests.integration.staff.conftest import Centre
from tests.unit.kiosk_app.presenters.staff.fakes import FakeAuth

TR = Translator("az")


class RealCounter:
    def __init__(self, centre: Centre) -> None:
        self.centre = centre

    def counter(self, session: StaffSession) -> CounterPresenter:
        desk = self.centre.desk(1, session.username)
        cats = list(DEFAULT_PRIORITY_CATEGORIES)
        return CounterPresenter(desk, catalogue(), "baku-1", TR, cats)

    def manager(self, session: StaffSession) -> ManagerPresenter:
        raise AssertionError("an operator only")

    def signed_out(self, session: StaffSession) -> None:
        return None


def state(centre: Centre) -> CounterState:
    with read_tx(centre.engine) as conn:
        return queue_repo.get_counter(conn, "baku-1", 1).state


def signed_in(centre: Centre, **options: object) -> tuple[StaffConsole, CounterPresenter]:
    console = StaffConsole(FakeAuth(), RealCounter(centre), TR, **options)  # type: ignore[arg-type]
    console.signin.submit("aysel", "4321")
    assert isinstance(console.screen, CounterPresenter)
    return console, console.screen


def test_signing_out_closes_the_counter(centre: Centre) -> None:
    console, counter = signed_in(centre)
    counter.press(A.OPEN)
    assert state(centre) is CounterState.OPEN
    assert console.sign_out()
    assert console.screen is None
    assert state(centre) is CounterState.CLOSED


def test_no_sign_out_with_a_visitor_in_hand(centre: Centre) -> None:
    console, counter = signed_in(centre)
    counter.press(A.OPEN)
    centre.kiosk.issue_walk_in("passport")
    counter.press(A.CALL_NEXT)
    assert not console.sign_out()
    assert console.screen is counter
    assert counter.view.message is not None
    assert counter.view.message.error
    assert "bitirin" in counter.view.message.text
    assert state(centre) is CounterState.OPEN
    counter.press(A.START)
    counter.press(A.FINISH)
    assert console.sign_out()
    assert state(centre) is CounterState.CLOSED


def test_an_untouched_console_signs_out_and_closes(centre: Centre) -> None:
    now = [0.0]
    console, counter = signed_in(centre, idle_minutes=15, monotonic=lambda: now[0])
    counter.press(A.OPEN)
    now[0] = 14 * 60
    console.refresh()
    assert console.screen is counter
    console.touched()
    now[0] = 28 * 60  # 14 minutes after the touch
    console.refresh()
    assert console.screen is counter
    now[0] = 30 * 60
    console.refresh()
    assert console.screen is None
    assert state(centre) is CounterState.CLOSED
