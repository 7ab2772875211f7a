"""Screenshots of the staff screens and the hall display on a busy day, and the
PDF report's pages as PNG, into var/screenshots/staff/ (offscreen Qt).

    .venv/bin/python bench/screenshots_staff.py [--out DIR]

The counter screen, the manager's screen and the hall display are shot at
1366×768 and 1920×1080 (the common staff PC and TV sizes) as well.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from datetime import time, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtWidgets import QApplication, QWidget

from bench.staff_day import DAY, busy_day
from kiosk_app.domain.counter import CounterAction
from kiosk_app.domain.staff import Role
from kiosk_app.presenters.display.presenter import DisplayPresenter
from kiosk_app.presenters.staff.counter import CounterPresenter
from kiosk_app.presenters.staff.manager import ManagerPresenter, chart_data
from kiosk_app.presenters.staff.signin import SignInPresenter
from kiosk_app.services.display.hall import HallFeed
from kiosk_app.services.staff.auth import StaffAuth
from kiosk_app.services.staff.counter_desk import CounterDesk
from kiosk_app.services.staff.dashboard import ManagerDashboard
from kiosk_app.services.staff.reports import build_report
from kiosk_app.services.staff.types import StaffSession
from kiosk_app.staff_config import DEFAULT_PRIORITY_CATEGORIES
from kiosk_app.store import booking_repo, write_tx
from kiosk_app.ui.display.window import DisplayWindow
from kiosk_app.ui.staff.counter import CounterWidget, PriorityDialog
from kiosk_app.ui.staff.manager import ManagerWidget
from kiosk_app.ui.staff.report_pdf import write_pdf
from kiosk_app.ui.staff.signin import SignInWidget
from kiosk_app.ui.staff.theme import apply
from server_sync.kernel.booking import Applicant, Booking, BookingStatus, Slot
from server_sync.kernel.clock import BAKU
from server_sync.kernel.i18n import Translator
from server_sync.kernel.order_codes import generate_order_code

OUT = Path(__file__).resolve().parent.parent / "var" / "screenshots" / "staff"
if "--out" in sys.argv:
    OUT = Path(sys.argv[sys.argv.index("--out") + 1])
SCREENS = ((1366, 768), (1920, 1080))


class Quiet:
    def published(self) -> None:
        return None


def shoot(app: QApplication, widget: QWidget, name: str, w: int, h: int) -> None:
    widget.resize(w, h)
    widget.show()
    for _ in range(5):
        app.processEvents()
    widget.grab().save(str(OUT / name))
    print(f"  {OUT / name}")


def booked_visitor_at(desk: CounterDesk, day: object) -> None:
    """Give `desk` a booked visitor in hand (the counter screen's richest state)."""
    clock = desk.clock
    now = clock.now()
    service = sorted(desk.services)[0]
    b = Booking(
        generate_order_code(),
        Slot("baku-1", service, DAY, time(15, 45)),
        Applicant(
            "Leyla", "Hüseynova", "Əli", "AZE17654321", "+994552345678", "leyla.huseynova@mail.az"
        ),
        BookingStatus.BOOKED,
        now - timedelta(days=2),
    )
    with write_tx(desk.engine) as conn:
        booking_repo.upsert_bookings(conn, [b], now)
    desk.ticket_desk.check_in(b.order_code)
    snap = desk.snapshot()
    if snap.ticket is not None:
        if snap.ticket.status.value == "called":
            desk.start()
        desk.finish()
    for _ in range(60):
        r = desk.call_next()
        if r.ticket is None or r.ticket.booking_code == b.order_code:
            return
        desk.start()
        desk.finish()


def main() -> int:
    if OUT.exists():
        shutil.rmtree(OUT)
    OUT.mkdir(parents=True)
    db = OUT / "busy.db"
    print("simulating a busy day…")
    day = busy_day(f"sqlite:///{db}")
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    apply(app, "staff")
    tr = Translator("az")
    engine, clock, cat = day.engine, day.clock, day.catalogue

    auth = StaffAuth(engine, clock)
    signin = SignInPresenter(auth, tr, lambda s: None)
    signin.submit("aysel", "0000")
    shoot(app, SignInWidget(signin, cat.centres["baku-1"].name("az")), "01-signin.png", 1280, 800)

    session = StaffSession("op01", "Aysel Məmmədova", Role.OPERATOR)
    assert day.kiosk is not None
    desk = CounterDesk(
        engine,
        clock,
        cat,
        "baku-1",
        1,
        session,
        Quiet(),
        day.kiosk,
        list(DEFAULT_PRIORITY_CATEGORIES),
    )
    booked_visitor_at(desk, day)
    counter = CounterPresenter(desk, cat, "baku-1", tr, list(DEFAULT_PRIORITY_CATEGORIES))
    counter.refresh()
    counter._message = None
    widget = CounterWidget(counter, "Aysel Məmmədova · Operator")
    shoot(app, widget, "02-counter-masked.png", 1280, 800)
    for w, h in SCREENS:
        shoot(app, widget, f"02-counter-masked-{w}x{h}.png", w, h)
    counter.reveal()
    shoot(app, widget, "03-counter-revealed.png", 1280, 800)
    counter.press(
        __import__("kiosk_app.domain.counter", fromlist=["CounterAction"]).CounterAction.CALL_NEXT
    )
    shoot(app, widget, "04-counter-refusal.png", 1280, 800)

    dialog = PriorityDialog(counter, widget)
    dialog.category.setCurrentIndex(1)
    shoot(app, dialog, "04b-priority-dialog.png", 520, 200)
    counter.press(CounterAction.START)
    counter.press(CounterAction.FINISH)
    counter.press(CounterAction.PAUSE)
    shoot(app, widget, "04c-counter-paused.png", 1280, 800)

    for lang in ("ru", "en"):
        other = CounterPresenter(
            desk, cat, "baku-1", Translator(lang), list(DEFAULT_PRIORITY_CATEGORIES)
        )
        other.press(CounterAction.RESUME)
        other.press(CounterAction.CALL_NEXT)
        other_widget = CounterWidget(other, "Aysel Məmmədova")
        shoot(app, other_widget, f"04d-counter-{lang}.png", 1280, 800)
        for w, h in SCREENS:
            shoot(app, other_widget, f"04d-counter-{lang}-{w}x{h}.png", w, h)

    mgr_session = StaffSession("rauf", "Rauf Həsənov", Role.MANAGER)
    dash = ManagerDashboard(engine, clock, cat, "baku-1", 15)
    manager = ManagerPresenter(dash, tr, mgr_session, lambda *a: None)
    shoot(
        app, ManagerWidget(manager, "Rauf Həsənov · Mərkəz rəhbəri"), "05-manager.png", 1600, 1000
    )
    for w, h in SCREENS:
        shoot(
            app,
            ManagerWidget(manager, "Rauf Həsənov · Mərkəz rəhbəri"),
            f"06-manager-{w}x{h}.png",
            w,
            h,
        )
    ru_manager = ManagerPresenter(dash, Translator("ru"), mgr_session, lambda *a: None)
    for w, h in SCREENS:
        shoot(app, ManagerWidget(ru_manager, "Rauf Həsənov"), f"06-manager-ru-{w}x{h}.png", w, h)

    apply(app, "display")
    feed = HallFeed(engine, clock, "baku-1")
    display = DisplayPresenter(feed, Translator("az"), rows=6)
    win = DisplayWindow(
        display,
        title=cat.centres["baku-1"].name("az"),
        clock_text=lambda: clock.now().astimezone(BAKU).strftime("%H:%M"),
    )
    shoot(app, win, "07-display-tv.png", 1920, 1080)
    shoot(app, win, "08-display-small.png", 1280, 720)
    shoot(app, win, "08-display-1366x768.png", 1366, 768)

    report = build_report(engine, cat, "baku-1", DAY, DAY, target_wait_minutes=15)
    pdf = OUT / "report.pdf"
    write_pdf(report, pdf, chart_data(report.figures, tr), clock.now())
    if shutil.which("pdftoppm"):
        subprocess.run(
            ["pdftoppm", "-r", "70", "-png", "-l", "3", str(pdf), str(OUT / "09-report")],
            check=True,
        )
        print(f"  {OUT}/09-report-*.png")
    return 0


if __name__ == "__main__":
    sys.exit(main())
