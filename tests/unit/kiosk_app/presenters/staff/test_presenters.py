"""Presenters of the staff console and the hall display, driven without a screen."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from kiosk_app.domain.announcement import HallCall
from kiosk_app.domain.counter import CounterAction as A
from kiosk_app.domain.counter import CounterState
from kiosk_app.domain.staff import Role
from kiosk_app.presenters.display.presenter import DisplayPresenter
from kiosk_app.presenters.staff.console import StaffConsole
from kiosk_app.presenters.staff.counter import CounterPresenter
from kiosk_app.presenters.staff.manager import ManagerPresenter
from kiosk_app.presenters.staff.signin import SignInPresenter
from kiosk_app.services.staff.types import (
    ActionResult,
    DeskSnapshot,
    StaffSession,
    StoreUnavailable,
)
from server_sync.kernel.i18n import Translator
from tests.factories import catalogue
from tests.unit.kiosk_app.presenters.staff.fakes import FakeAuth, FakeCalls, FakeDashboard, FakeDesk

TR = Translator("az")
CATS = ["disabled", "elderly", "veterans"]


def counter(desk: FakeDesk | None = None) -> tuple[CounterPresenter, FakeDesk]:
    d = desk or FakeDesk()
    return CounterPresenter(d, catalogue(), "baku-1", TR, CATS), d


def test_counter_flow_enables_the_right_buttons_and_says_what_happened() -> None:
    p, _ = counter()
    assert p.view.state_text == "Bağlıdır"
    assert p.view.enabled == {A.OPEN}
    assert p.press(A.CALL_NEXT).text == "Pəncərə bağlıdır"
    assert p.press(A.OPEN).error is False
    assert A.CALL_NEXT in p.view.enabled
    msg = p.press(A.CALL_NEXT)
    assert msg.text == "A001 çağırıldı"
    assert p.view.ticket == "A001"
    assert "Pasportun verilməsi" in p.view.ticket_detail
    assert p.view.enabled == {A.RECALL, A.START, A.NO_SHOW, A.TRANSFER}
    assert p.press(A.RECALL).text == "A001 təkrar çağırıldı"
    assert p.press(A.START).text == "A001: xidmət başladı"
    assert p.press(A.FINISH).text == "A001: xidmət bitdi"
    assert p.view.ticket == "—"
    p.press(A.CALL_NEXT)
    assert p.press(A.NO_SHOW).text == "A002: gəlmədi"
    assert p.press(A.PAUSE).error is False
    assert p.view.state is CounterState.PAUSED
    refused = p.press(A.CALL_NEXT)
    assert refused.error
    assert refused.text == "Pəncərə fasilədədir"
    p.press(A.RESUME)
    p.press(A.CALL_NEXT)
    assert p.press(A.NO_SHOW).error is False
    assert p.press(A.CALL_NEXT).text == "Növbədə heç kim yoxdur"
    assert p.press(A.CLOSE).error is False


def test_booked_visitor_is_masked_until_revealed() -> None:
    p, desk = counter()
    p.press(A.OPEN)
    p.press(A.CALL_NEXT)
    fields = dict(p.view.visitor)
    assert fields["Şəxsiyyət vəsiqəsi"] == "AZE*****678"
    assert fields["Ad, soyad"] == "Aysel M."
    assert p.view.can_reveal
    assert "gizlədilib" in p.view.visitor_hint
    p.reveal()
    fields = dict(p.view.visitor)
    assert fields["Şəxsiyyət vəsiqəsi"] == "AZE12345678"
    assert "Məmmədova" in fields["Ad, soyad"]
    assert desk.reveals == 1
    assert not p.view.can_reveal
    p.press(A.START)
    p.press(A.FINISH)
    assert p.view.visitor == []  # the reveal ends with the visitor


def test_transfer_to_service_or_counter() -> None:
    p, desk = counter()
    p.press(A.OPEN)
    p.press(A.CALL_NEXT)
    assert ("water", "Su təchizatı müraciəti") in p.view.transfer_services
    assert "passport" not in dict(p.view.transfer_services)
    assert p.view.transfer_counters == [1, 3]
    assert p.transfer_to_service("water").text == "A001 yönləndirildi"
    p.press(A.CALL_NEXT)
    p.transfer_to_counter(3)
    assert desk.transfers == [("water", None), (None, 3)]


def test_priority_ticket_with_category_and_refusal_reason() -> None:
    p, desk = counter()
    assert p.category_label("veterans") == "Müharibə veteranı"
    assert p.issue_priority("passport", "elderly").text == "İmtiyazlı bilet A090 verildi"
    refused = p.issue_priority("residence", "disabled")
    assert refused.error
    assert "bağlıdır" in refused.text
    assert desk.priority == [("passport", "elderly"), ("residence", "disabled")]
    assert desk.printed == [90]  # only the ticket that was issued goes to the printer


def test_a_priority_ticket_the_printer_failed_keeps_its_number_on_screen() -> None:
    p, desk = counter()
    desk.printer_works = False
    msg = p.issue_priority("passport", "elderly")
    assert msg.error
    assert "A090" in msg.text
    assert "çap olunmadı" in msg.text
    assert p.view.message == msg


def test_sign_in_messages() -> None:
    signed: list[StaffSession] = []
    p = SignInPresenter(FakeAuth(), TR, signed.append)
    assert p.submit("aysel", "0000") is None
    assert p.error == "İstifadəçi adı və ya şifrə yanlışdır"
    p.submit("locked", "x")
    assert p.error == "Çoxlu uğursuz cəhd: hesab 11:15 saatınadək bağlıdır"
    p.submit("", "")
    assert p.error == "İstifadəçi adını və şifrəni daxil edin"
    assert p.submit("aysel", "4321") is not None
    assert p.error == ""
    assert [s.username for s in signed] == ["aysel"]


class Screens:
    def __init__(self) -> None:
        self.out: list[str] = []

    def counter(self, session: StaffSession) -> CounterPresenter:
        return counter()[0]

    def manager(self, session: StaffSession) -> ManagerPresenter:
        report = None if session.role is Role.IT else (lambda *a: None)
        return ManagerPresenter(FakeDashboard(), TR, session, report)

    def signed_out(self, session: StaffSession) -> None:
        self.out.append(session.username)


@pytest.mark.parametrize(
    ("user", "secret", "screen", "reports"),
    [
        ("aysel", "4321", CounterPresenter, False),
        ("rauf", "9999", ManagerPresenter, True),
        ("nigar", "5555", ManagerPresenter, False),
    ],
)
def test_each_role_gets_its_screen(user: str, secret: str, screen: type, reports: bool) -> None:
    screens = Screens()
    console = StaffConsole(FakeAuth(), screens, TR)
    console.signin.submit(user, secret)
    assert isinstance(console.screen, screen)
    if isinstance(console.screen, ManagerPresenter):
        assert console.screen.can_report is reports
    assert user.title() in console.who
    console.sign_out()
    assert console.screen is None
    assert screens.out == [user]


def test_manager_view_lists_busy_queues_tiles_devices_and_grouped_alerts() -> None:
    made: list[tuple[date, date, str, Path]] = []
    p = ManagerPresenter(
        FakeDashboard(),
        TR,
        StaffSession("rauf", "Rauf", Role.MANAGER),
        lambda a, b, f, path: made.append((a, b, f, path)),
    )
    v = p.view
    assert [r.cells[0] for r in v.queues] == [
        "A · Pasportun verilməsi",
        "H · Su təchizatı müraciəti",
        "Növbəsi olmayan xidmətlər: 1",
    ]
    assert v.queues[0].cells[1:3] == ("1", "25 dəq")
    assert v.queues[0].level == "warn"
    assert v.queues[1].level == "alert"  # people waiting, no counter open
    assert [t.lines for t in v.counters] == [
        ("1", "A007", "aysel"),
        ("2", "Fasilə", "murad"),
        ("3", "Bağlıdır", ""),
    ]
    assert [t.level for t in v.counters] == ["open", "paused", "closed"]
    assert v.devices[1].level == "alert"
    assert v.devices[1].cells[2] == "Yoxdur"
    alerts = [(r.cells, r.level) for r in v.alerts]
    assert alerts[0] == (("kiosk-2", "Kağız qurtarıb, Printer əlçatan deyil"), "alert")
    assert (("kiosk-1", "Kağız qurtarır"), "warn") in alerts
    assert ((TR("staff.alert.no_open_counter"), "H · Su təchizatı müraciəti"), "alert") in alerts
    assert dict(v.figures)["Verilmiş biletlər"] == "2"
    assert v.chart.points == ((10.5, 30.0),)
    assert p.export("csv", Path("x.csv")) == "Hesabat saxlanıldı: x.csv"
    assert made == [(date(2026, 11, 23), date(2026, 11, 23), "csv", Path("x.csv"))]


def test_it_staff_cannot_make_reports() -> None:
    p = ManagerPresenter(FakeDashboard(), TR, StaffSession("nigar", "Nigar", Role.IT), None)
    assert not p.view.can_report
    with pytest.raises(PermissionError):
        p.export("pdf", Path("x.pdf"))


def test_display_shows_newest_first_and_announces_only_new_calls_in_order() -> None:
    feed = FakeCalls()
    feed.add("A001", 1)
    feed.add("A002", 2)
    said: list[HallCall] = []
    p = DisplayPresenter(feed, Translator("az"), rows=3, announce=said.append)
    assert said == []  # what was called before the display started is not said again
    assert [r.number for r in p.view.rows] == ["A002", "A001"]
    for n, c in (("A003", 5), ("A004", 12)):
        feed.add(n, c)
    feed.add("A002", 2, "recall")
    new = p.check()
    assert [c.number for c in new] == ["A003", "A004", "A002"]
    assert [c.number for c in said] == ["A003", "A004", "A002"]
    rows = p.view.rows
    assert [(r.number, r.counter, r.newest) for r in rows] == [
        ("A002", "2", True),
        ("A004", "12", False),
        ("A003", "5", False),
    ]
    assert p.view.banner == "A002 nömrəli bilet təkrar çağırılır, 2 nömrəli pəncərəyə"  # a recall
    assert p.check() == []


def test_display_keeps_the_last_calls_when_the_store_is_away() -> None:
    feed = FakeCalls()
    feed.add("A001", 1)
    p = DisplayPresenter(feed, Translator("az"))
    feed.broken = True
    assert p.check() == []
    assert p.view.offline
    assert [r.number for r in p.view.rows] == ["A001"]
    feed.broken = False
    p.check()
    assert not p.view.offline


def test_a_call_committed_late_with_a_lower_id_is_still_shown_and_said() -> None:
    feed = FakeCalls()
    said: list[HallCall] = []
    p = DisplayPresenter(feed, Translator("az"), announce=said.append)
    feed.add("A001", 1)
    feed.add("A002", 2)
    late = feed.calls.pop(0)  # id 1 not committed yet when id 2 is read
    p.check()
    feed.calls.insert(0, late)
    p.check()
    p.check()
    assert [c.number for c in said] == ["A002", "A001"]


class BrokenDesk(FakeDesk):
    broken = False

    def snapshot(self) -> DeskSnapshot:
        if self.broken:
            raise StoreUnavailable("connection refused")
        return super().snapshot()

    def call_next(self) -> ActionResult:
        if self.broken:
            raise StoreUnavailable("connection refused")
        return super().call_next()


def test_counter_says_the_store_is_away_and_recovers() -> None:
    desk = BrokenDesk()
    p, _ = counter(desk)
    p.press(A.OPEN)
    desk.broken = True
    msg = p.press(A.CALL_NEXT)
    assert msg.error
    assert msg.text == "Məlumat bazası əlçatan deyil: connection refused"
    p.refresh()
    assert p.view.enabled == frozenset()  # nothing to press until the store is back
    assert p.view.message == msg
    desk.broken = False
    p.refresh()
    assert A.CALL_NEXT in p.view.enabled


def test_manager_keeps_the_last_figures_while_the_store_is_away() -> None:
    source = FakeDashboard()
    p = ManagerPresenter(source, TR, StaffSession("rauf", "Rauf", Role.MANAGER), None)
    before = p.view

    def broken() -> None:
        raise StoreUnavailable("timeout")

    source.snapshot = broken  # type: ignore[assignment,method-assign]
    assert p.refresh() is before
    assert p.message == "Məlumat bazası əlçatan deyil: timeout"


def test_every_staff_and_display_text_exists_in_three_languages() -> None:
    import string

    from tests.catalogue_texts import catalogue_texts

    for name in ("staff", "display"):
        data = catalogue_texts(f"{name}.")
        assert data, name
        for key, texts in data.items():
            assert set(texts) == {"az", "ru", "en"}, key
            fields = [
                {f for _, f, _, _ in string.Formatter().parse(t) if f} for t in texts.values()
            ]
            assert fields[0] == fields[1] == fields[2], key
            assert all(t.strip() for t in texts.values()), key


class LaterRunner:
    """Holds each job until the test runs it (a printer still printing)."""

    def __init__(self) -> None:
        self.jobs: list[tuple[object, object]] = []

    def run(self, lane, job, done, failed=None) -> None:
        self.jobs.append((job, done))

    def finish(self) -> None:
        for job, done in self.jobs:
            done(job())  # type: ignore[operator]
        self.jobs.clear()


def test_a_failed_priority_print_is_said_even_after_the_operator_went_on() -> None:
    desk = FakeDesk()
    desk.printer_works = False
    runner = LaterRunner()
    p = CounterPresenter(desk, catalogue(), "baku-1", TR, CATS, runner=runner)
    assert not p.issue_priority("passport", "elderly").error  # answered at once
    assert desk.printed == []  # the printer has not been asked yet
    p.press(A.OPEN)  # the operator goes on meanwhile
    runner.finish()
    assert p.view.message is not None
    assert p.view.message.error
    assert "A090" in p.view.message.text
