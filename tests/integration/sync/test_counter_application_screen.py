"""The operator's counter screen and an agency application, under pytest-qt against
the real central service (uvicorn, over HTTP) and a real centre store (issue 17,
item 6): the called ticket is for a service with a form, so the panel shows; the
operator types the number, sees masked answers, reveals them, saves the attached
PDF, is refused without a reason, records the refusal; it reaches the central
service through the outbox and the citizen's mail is queued."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import time
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from kiosk_app.domain.counter import CounterAction
from kiosk_app.domain.staff import Role
from kiosk_app.presenters.staff.application import ApplicationPresenter
from kiosk_app.presenters.staff.counter import CounterPresenter
from kiosk_app.services.kiosk.ticket_desk import TicketDesk
from kiosk_app.services.kiosk.types import Issued
from kiosk_app.services.staff.application_desk import ApplicationDesk
from kiosk_app.services.staff.counter_desk import CounterDesk
from kiosk_app.services.staff.types import StaffSession
from kiosk_app.staff_config import DEFAULT_PRIORITY_CATEGORIES
from kiosk_app.store import tables, write_tx
from kiosk_app.store.catalogue_repo import replace_catalogue
from kiosk_app.ui.staff.counter import CounterWidget
from kiosk_app.ui.staff.theme import style_sheet
from server_sync.kernel.catalogue import Catalogue
from server_sync.kernel.i18n import Translator
from server_sync.sync import SyncClient
from tests.integration.server_sync.application_helpers import AZERSU, pdf_bytes, png_bytes
from tests.integration.sync.conftest import World
from tests.integration.sync.test_application_results import registered, result_mails

pytestmark = [pytest.mark.qt_log_ignore("propagateSizeHints")]
SHOTS = (
    Path(os.environ.get("ASANQ_SCREENSHOTS", "")) if os.environ.get("ASANQ_SCREENSHOTS") else None
)


class Quiet:
    def published(self) -> None:
        pass


def texts(widget: Any) -> list[str]:
    return [w.text() for w in widget.findChildren(QLabel) if w.isVisibleTo(widget)]


def screen(
    qtbot: Any,
    world: World,
    language: str,
    service: str = AZERSU,
    issue: Callable[[TicketDesk], object] | None = None,
) -> CounterWidget:
    from tests.integration.server_sync.application_helpers import application_catalogue

    cat = Catalogue.from_dict(application_catalogue())
    with write_tx(world.centre) as conn:
        replace_catalogue(conn, cat)
    kiosk = TicketDesk(world.centre, world.centre_clock, cat, "baku-1")
    if issue is None:
        kiosk.issue_walk_in(service)
    else:
        issue(kiosk)
    session = StaffSession("aysel", "Aysel", Role.OPERATOR)
    desk = CounterDesk(
        world.centre,
        world.centre_clock,
        cat,
        "baku-1",
        3 if service == AZERSU else 1,
        session,
        Quiet(),
        kiosk,
        list(DEFAULT_PRIORITY_CATEGORIES),
    )
    client = SyncClient(world.proxy.url, world.token, 5)
    world.agents.append(client)
    tr = Translator(language)
    apps = ApplicationPresenter(
        ApplicationDesk(world.centre, client, world.centre_clock), cat, tr, "aysel"
    )
    presenter = CounterPresenter(desk, cat, "baku-1", tr, ["veteran"], applications=apps)
    widget = CounterWidget(presenter, "Aysel")
    widget.setStyleSheet(style_sheet("staff"))
    qtbot.addWidget(widget)
    widget.resize(1366, 768)
    widget.show()
    return widget


def click(qtbot: Any, button: Any) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


@pytest.mark.parametrize("language", ["az", "ru"])
def test_operator_opens_reveals_saves_and_refuses(
    qtbot: Any, world: World, tmp_path: Path, language: str
) -> None:
    number, _sha = registered(world, tmp_path)
    w = screen(qtbot, world, language)
    panel = w.application
    assert panel is not None
    assert not panel.isVisibleTo(w)  # nobody called yet
    click(qtbot, w.open_close)
    click(qtbot, w.buttons[CounterAction.CALL_NEXT])
    assert panel.isVisibleTo(w)
    qtbot.keyClicks(panel.number, "AZERSU-2026-999999")
    click(qtbot, panel.open)
    assert "AZERSU-2026-999999" in panel.message.text()
    panel.number.clear()
    qtbot.keyClicks(panel.number, number.lower())
    qtbot.keyClick(panel.number, Qt.Key.Key_Return)
    qtbot.waitUntil(
        lambda: "7••••••" in texts(panel), timeout=10000
    )  # a loaded machine: the central answer can be slow
    assert "7AZ1B2C" not in texts(panel)
    assert "Nizami küçəsi" not in texts(panel)  # the address is personal data too
    assert "Bakı, •••" in texts(panel)
    if SHOTS is not None:
        SHOTS.mkdir(parents=True, exist_ok=True)
        w.grab().save(str(SHOTS / f"counter-application-masked-{language}.png"))
    click(qtbot, panel.reveal)
    qtbot.waitUntil(
        lambda: "7AZ1B2C" in texts(panel), timeout=10000
    )  # a loaded machine: the central answer can be slow
    assert "Bakı, Nizami küçəsi 10, mənzil 5" in texts(panel)
    assert not panel.reveal.isVisibleTo(w)
    saved = tmp_path / "saved.pdf"
    panel.choose_path = lambda name: saved
    click(qtbot, panel.file_buttons[0])
    assert saved.read_bytes() == pdf_bytes()

    before = world.centre_event_keys(unsent_only=True)
    click(qtbot, panel.result_buttons["refused"])  # no reason yet
    assert panel.message.property("error") is True
    assert world.centre_event_keys(unsent_only=True) == before
    panel.reason.setText("Sənəd çatışmır")
    click(qtbot, panel.result_buttons["refused"])
    assert panel.message.property("error") is False
    assert number in panel.message.text()
    assert not panel.result_buttons["refused"].isEnabled()
    assert len(world.centre_event_keys(unsent_only=True)) == len(before) + 1
    qtbot.waitUntil(
        lambda: "7AZ1B2C" in texts(panel), timeout=10000
    )  # a loaded machine: the central answer can be slow
    if SHOTS is not None:
        w.grab().save(str(SHOTS / f"counter-application-{language}.png"))
    with world.centre.connect() as conn:
        actions = [r.action for r in conn.execute(sa.select(tables.audit_log)).all()]
    assert {"application_opened", "application_revealed", "application_file"} <= set(actions)
    assert "application_result" in actions

    assert world.agent().push_outbox() == len(before) + 1
    view = world.app.state.services.applications.view(number)
    assert view is not None
    assert view.status == "refused"
    assert view.result_reason == "Sənəd çatışmır"
    assert result_mails(world) == 1

    click(qtbot, w.buttons[CounterAction.START])
    click(qtbot, w.buttons[CounterAction.FINISH])
    assert "7AZ1B2C" not in texts(w)  # the application leaves with the visitor


def test_a_service_without_a_form_shows_no_panel(qtbot: Any, world: World) -> None:
    w = screen(qtbot, world, "az", service="passport")
    click(qtbot, w.open_close)
    click(qtbot, w.buttons[CounterAction.CALL_NEXT])
    assert w.ticket.text() != "—"
    assert w.application is not None
    assert not w.application.isVisibleTo(w)


def opened_for_ticket(world: World) -> list[tuple[str | None, int | None]]:
    with world.centre.connect() as conn:
        rows = conn.execute(
            sa.select(tables.audit_log).where(tables.audit_log.c.action == "application_opened")
        ).all()
    return [(r.username, r.ticket_id) for r in rows]


@pytest.mark.parametrize("how", ["booked online", "walk-in"])
def test_calling_the_ticket_opens_the_application_it_names(
    qtbot: Any, world: World, tmp_path: Path, how: str
) -> None:
    """Booked online for the application (the number came with the booking through
    sync), or a walk-in who typed it at the kiosk: the operator presses "call next" and
    the application is on the screen, masked, without typing anything (audited)."""
    number, _sha = registered(world, tmp_path)
    if how == "booked online":
        code = world.add_booking(service=AZERSU, at=time(10, 0), extra={"application": number})
        world.agent().pull_changes()

        def issue(kiosk: TicketDesk) -> object:
            issued = kiosk.check_in(code)
            assert isinstance(issued, Issued), issued
            assert issued.ticket.application_number == number
            return issued

    else:

        def issue(kiosk: TicketDesk) -> object:
            return kiosk.issue_walk_in(AZERSU, application_number=f" {number.lower()} ")

    w = screen(qtbot, world, "az", issue=issue)
    panel = w.application
    assert panel is not None
    click(qtbot, w.open_close)
    assert opened_for_ticket(world) == []  # nothing opens before the visitor is called
    click(qtbot, w.buttons[CounterAction.CALL_NEXT])
    qtbot.waitUntil(
        lambda: "7••••••" in texts(panel), timeout=10000
    )  # a loaded machine: the central answer can be slow
    assert panel.number.text() == number
    assert "7AZ1B2C" not in texts(panel)  # masked until the operator reveals it
    assert any(number in t for t in texts(panel))
    ((staff, ticket_id),) = opened_for_ticket(world)
    assert staff == "aysel"
    assert ticket_id is not None
    if SHOTS is not None:
        SHOTS.mkdir(parents=True, exist_ok=True)
        name = how.replace(" ", "-")
        qtbot.wait(50)  # let the layout settle (the scroll bar appears) before the picture
        w.grab().save(str(SHOTS / f"counter-application-opened-on-call-{name}.png"))
    click(qtbot, w.buttons[CounterAction.START])
    click(qtbot, w.buttons[CounterAction.FINISH])
    assert "7••••••" not in texts(w)
    assert panel.number.text() == ""  # the application leaves with its visitor


def test_the_operator_views_a_picture_and_a_pdf_and_nothing_stays_on_disk(
    qtbot: Any, world: World, tmp_path: Path
) -> None:
    """ "Bax" shows the picture in a window of its own and opens the PDF in the desktop's
    viewer from a private folder; "Yadda saxla" says where the file went; when the
    visitor leaves, the window closes and the folder is gone."""
    number, _sha = registered(world, tmp_path, picture=png_bytes((320, 200)))

    def walk_in(kiosk: TicketDesk) -> object:
        return kiosk.issue_walk_in(AZERSU, application_number=number)

    w = screen(qtbot, world, "az", issue=walk_in)
    panel = w.application
    assert panel is not None
    opened: list[tuple[Path, bytes, int]] = []

    def viewer(path: Path) -> bool:  # what the desktop's PDF viewer would be handed
        opened.append((path, path.read_bytes(), path.parent.stat().st_mode & 0o777))
        return True

    panel.open_external = viewer
    click(qtbot, w.open_close)
    click(qtbot, w.buttons[CounterAction.CALL_NEXT])
    qtbot.waitUntil(
        lambda: len(panel.view_buttons) == 2, timeout=10000
    )  # a loaded machine: the central answer can be slow
    pdf_row, png_row = panel.view_buttons
    click(qtbot, png_row)
    assert panel.preview is not None
    assert panel.preview.isVisible()
    assert (panel.preview.picture.pixmap().width(), panel.preview.picture.pixmap().height()) == (
        320,
        200,
    )
    assert "sayğac.png" in panel.preview.windowTitle()
    click(qtbot, pdf_row)
    ((path, data, mode),) = opened
    assert data == pdf_bytes()
    assert mode == 0o700  # the folder is the operator's alone
    folder = tmp_path / "saved"
    folder.mkdir()
    panel.choose_path = lambda name: folder / name
    click(qtbot, panel.file_buttons[1])
    assert (folder / "sayğac.png").read_bytes() == png_bytes((320, 200))
    assert panel.message.text() == Translator("az")(
        "staff.app.saved", name="sayğac.png", path=str(folder)
    )
    with world.centre.connect() as conn:
        files = conn.execute(
            sa.select(tables.audit_log).where(tables.audit_log.c.action == "application_file")
        ).all()
    assert len(files) == 3  # every opening of a file is audited
    click(qtbot, w.buttons[CounterAction.START])
    click(qtbot, w.buttons[CounterAction.FINISH])
    assert panel.preview is None
    assert not path.exists()
    assert not path.parent.exists()
