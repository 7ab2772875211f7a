"""The staff console's composition root: sign-in, the counter workstation and the
management screen over a CentreContext, and the reports they export."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from hardware.printing import open_printer, ticket_format
from kiosk_app.composition.centre import CentreContext
from kiosk_app.domain.staff import Role
from kiosk_app.presenters.kiosk.runner import Runner, ThreadRunner
from kiosk_app.presenters.staff.application import ApplicationPresenter
from kiosk_app.presenters.staff.console import StaffConsole
from kiosk_app.presenters.staff.counter import CounterPresenter
from kiosk_app.presenters.staff.manager import ManagerPresenter, report_chart
from kiosk_app.services.call_channel import CallPublisher, make_publisher
from kiosk_app.services.kiosk.printing import TicketPrinting
from kiosk_app.services.staff.application_desk import ApplicationDesk, ApplicationSource
from kiosk_app.services.staff.auth import StaffAuth
from kiosk_app.services.staff.counter_desk import CounterDesk
from kiosk_app.services.staff.dashboard import ManagerDashboard
from kiosk_app.services.staff.forecast_curve import ForecastCurve
from kiosk_app.services.staff.reports import build_report, write_csv
from kiosk_app.services.staff.types import StaffSession
from kiosk_app.store.audit_repo import audit
from kiosk_app.store.engine import read_tx, write_tx
from kiosk_app.store.staff_repo import list_users
from server_sync.kernel.i18n import Translator
from server_sync.kernel.lockout import LockoutRule


def staff_auth(ctx: CentreContext) -> StaffAuth:
    s = ctx.settings.staff
    rule = LockoutRule(s.max_failed_signins, s.lockout_minutes, s.lockout_max_minutes)
    return StaffAuth(ctx.engine, ctx.clock, rule)


def publisher(ctx: CentreContext) -> CallPublisher:
    return make_publisher(ctx.settings.db.url, ctx.settings.display.notify_dir)


def make_report(
    ctx: CentreContext, first: date, last: date, fmt: str, path: Path, language: str = "az"
) -> None:
    """Write the report as CSV or PDF (PDF needs a Q(Gui)Application running)."""
    report = build_report(
        ctx.engine,
        ctx.catalogue,
        ctx.centre_id,
        first,
        last,
        target_wait_minutes=ctx.settings.dispatch.target_wait_minutes,
        language=language,
    )
    if fmt == "csv":
        write_csv(report, path)
    elif fmt == "pdf":
        from kiosk_app.ui.staff.report_pdf import write_pdf

        write_pdf(report, path, report_chart(report, Translator(language)), ctx.clock.now())
    else:
        raise ValueError(f"unknown report format {fmt!r}")


class StaffScreens:
    """Builds each role's screen for a signed-in user (the console's ScreenFactory).

    `runner` does the management screen's data work and prints the counter's imtiyaz
    tickets; None makes worker threads that post their results to the Qt UI thread
    (tests pass an inline runner)."""

    def __init__(
        self, ctx: CentreContext, counter: int, tr: Translator, runner: Runner | None = None
    ) -> None:
        self.ctx = ctx
        self.counter_number = counter
        self.tr = tr
        self.publisher = publisher(ctx)
        self.runner = runner
        self._manager: ManagerPresenter | None = None
        self._desks: list[CounterDesk] = []
        self._counters: list[CounterPresenter] = []
        self._dashboards: list[ManagerDashboard] = []
        self._poster: object | None = None  # keeps the worker's UI poster alive
        self._printing: TicketPrinting | None = None
        #: The central service's applications (a SyncClient; tests may put theirs).
        self.application_source: ApplicationSource | None = None

    def reconfigure(self, ctx: CentreContext) -> None:
        """IT's push reached the store: the open screens run on the new catalogue."""
        catalogue = ctx.catalogue
        for desk in self._desks:
            desk.use_catalogue(catalogue)
            desk.max_recalls = ctx.settings.staff.max_recalls
        for presenter in self._counters:
            presenter.use_catalogue(catalogue)
        for dash in self._dashboards:
            dash.catalogue = catalogue
            dash.target = ctx.settings.dispatch.target_wait_minutes

    def desk(self, session: StaffSession) -> CounterDesk:
        ctx = self.ctx
        desk = CounterDesk(
            ctx.engine,
            ctx.clock,
            ctx.catalogue,
            ctx.centre_id,
            self.counter_number,
            session,
            self.publisher,
            ctx.ticket_desk(f"counter-{self.counter_number}"),
            list(ctx.settings.staff.priority_categories),
            max_recalls=ctx.settings.staff.max_recalls,
            printing=self.printing(),
            print_language=self.tr.language,
        )
        self._desks = [desk]
        return desk

    def printing(self) -> TicketPrinting | None:
        """This workstation's ticket printer (`[printer]`), for imtiyaz tickets;
        None when `staff.print_priority` is off."""
        settings = self.ctx.settings
        if not settings.staff.print_priority:
            return None
        if self._printing is None:
            self._printing = TicketPrinting(
                open_printer(settings.printer),
                ticket_format(settings.printer),
                self.ctx.engine,
                self.ctx.clock,
                self.ctx.catalogue,
                self.ctx.centre_id,
                device_id=f"counter-{self.counter_number}",
                status_base_url=settings.kiosk.status_base_url,
            )
        return self._printing

    def applications(self, session: StaffSession) -> ApplicationPresenter | None:
        """The counter's agency-application panel, when this centre has a sync token
        (the applications are read from the central service on demand)."""
        ctx = self.ctx
        if self.application_source is None:
            sync = ctx.settings.sync
            if not sync.token:
                return None
            from server_sync.sync.client import SyncClient

            self.application_source = SyncClient(
                sync.central_url, sync.token, sync.request_timeout_s
            )
        desk = ApplicationDesk(ctx.engine, self.application_source, ctx.clock)
        return ApplicationPresenter(desk, ctx.catalogue, self.tr, session.username)

    def counter(self, session: StaffSession) -> CounterPresenter:
        ctx = self.ctx
        presenter = CounterPresenter(
            self.desk(session),
            ctx.catalogue,
            ctx.centre_id,
            self.tr,
            list(ctx.settings.staff.priority_categories),
            applications=self.applications(session),
            runner=self.worker(),
        )
        self._counters = [presenter]
        return presenter

    def manager(self, session: StaffSession) -> ManagerPresenter:
        ctx = self.ctx
        dash = ManagerDashboard(
            ctx.engine,
            ctx.clock,
            ctx.catalogue,
            ctx.centre_id,
            ctx.settings.dispatch.target_wait_minutes,
        )
        self._dashboards = [dash]

        def report(first: date, last: date, fmt: str, path: Path) -> None:
            make_report(ctx, first, last, fmt, path, self.tr.language)
            with write_tx(ctx.engine) as conn:
                audit(
                    conn,
                    ctx.clock.now(),
                    session.username,
                    "report",
                    first=first.isoformat(),
                    last=last.isoformat(),
                    format=fmt,
                )

        forecast = ForecastCurve(
            ctx.engine, ctx.catalogue, ctx.centre_id, ctx.dispatch_policy(), ctx.settings.forecast
        )
        self._manager = ManagerPresenter(
            dash, self.tr, session, report, runner=self.worker(), forecast=forecast
        )
        return self._manager

    def worker(self) -> Runner:
        """The screens' worker lanes: the store's reads ("desk"), the forecast, and
        the counter's printer; made on first use, on the UI thread it posts to."""
        if self.runner is None:
            from kiosk_app.ui.kiosk.poster import UiPoster

            self._poster = UiPoster()
            self.runner = ThreadRunner(
                self._poster.post, lanes=("desk", "forecast", "printer"), name="staff"
            )
        return self.runner

    def signed_out(self, session: StaffSession) -> None:
        if self._manager is not None:
            self._manager.close()
            self._manager = None
        staff_auth(self.ctx).sign_out(session)


def staff_console(ctx: CentreContext, counter: int, *, watch: bool = False) -> StaffConsole:
    """The console; with `watch`, its screens follow IT's pushes while it runs."""
    tr = Translator(ctx.settings.staff.language)
    screens = StaffScreens(ctx, counter, tr)
    if watch:
        ctx.watch_config("staff", screens.reconfigure)
    return StaffConsole(
        staff_auth(ctx),
        screens,
        tr,
        idle_minutes=ctx.settings.staff.idle_sign_out_minutes,
    )


DEMO_USERS = (
    ("operator", "Aysel Məmmədova", Role.OPERATOR, "1111"),
    ("manager", "Rauf Həsənov", Role.MANAGER, "2222"),
    ("it", "Nigar Əliyeva", Role.IT, "3333"),
)


def demo_users(ctx: CentreContext) -> list[str]:
    """Demo only: create the three demo accounts when the store has no staff yet."""
    with read_tx(ctx.engine) as conn:
        if list_users(conn):
            return []
    auth = staff_auth(ctx)
    for username, name, role, secret in DEMO_USERS:
        auth.add_user(username, name, role, secret)
    return [f"demo staff: {u} / {pin} ({role.value})" for u, _, role, pin in DEMO_USERS]


def run_staff_console(ctx: CentreContext, counter: int) -> int:
    """The console's window at `counter` until it is closed (a QApplication runs)."""
    from PySide6.QtWidgets import QApplication

    from kiosk_app.ui.staff.window import StaffWindow

    settings = ctx.settings
    console = staff_console(ctx, counter, watch=True)
    centre = ctx.catalogue.centres[ctx.centre_id]
    window = StaffWindow(
        console, centre.name(settings.staff.language), settings.staff.refresh_seconds
    )
    window.resize(1280, 800)
    window.show()
    return int(QApplication.instance().exec())  # type: ignore[union-attr]
