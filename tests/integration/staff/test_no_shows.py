"""No-shows at the counter: after `staff.max_recalls` recalls the next recall makes
the ticket a no-show by itself; a no-show who comes back is put back in line by
number (audited); reports count booked no-shows and called no-shows apart."""

from __future__ import annotations

import csv
from datetime import time
from pathlib import Path

from sqlalchemy import select

from kiosk_app.domain.tickets import TicketStatus
from kiosk_app.services.booking_expiry import expire_overdue
from kiosk_app.services.kiosk.ticket_desk import Issued
from kiosk_app.services.staff.counter_desk import CounterDesk
from kiosk_app.services.staff.reports import build_report, write_csv
from kiosk_app.store import booking_repo, day_stats_repo, read_tx, tables, write_tx
from server_sync.kernel.booking import BookingStatus
from tests.factories import booking, catalogue
from tests.integration.staff.conftest import Centre


def _audit(c: Centre) -> list[str]:
    with read_tx(c.engine) as conn:
        rows = conn.execute(select(tables.audit_log.c.action).order_by(tables.audit_log.c.id))
        return list(rows.scalars())


def _day_no_shows(c: Centre) -> int:
    with read_tx(c.engine) as conn:
        return day_stats_repo.day_stats(conn, "baku-1", c.clock.now().date()).no_show


def _called(c: Centre, recalls: int = 3) -> tuple[CounterDesk, str]:
    issued = c.kiosk.issue_walk_in("passport")
    assert isinstance(issued, Issued)
    desk = c.desk(2)
    desk.max_recalls = recalls
    assert desk.open().ok
    assert desk.call_next().ok
    return desk, issued.ticket.display


def test_after_n_recalls_the_next_one_makes_a_no_show(centre: Centre) -> None:
    desk, _ = _called(centre, recalls=2)
    assert desk.recall().message == "recall"
    assert desk.recall().message == "recall"
    third = desk.recall()
    assert third.ok
    assert third.message == "no_show_after_recalls"
    assert third.ticket is not None
    assert third.ticket.status is TicketStatus.NO_SHOW
    assert desk.snapshot().ticket is None  # the counter is free
    assert _audit(centre)[-1] == "auto_no_show"
    assert centre.publisher.count == 3  # the call and two recalls; the no-show is silent


def test_a_returning_no_show_is_put_back_in_line(centre: Centre) -> None:
    desk, number = _called(centre)
    assert desk.no_show().ok
    other = centre.desk(3, username="rauf")
    assert other.requeue("Z999").message == "not_a_no_show"
    assert other.requeue("not a number").message == "not_a_number"
    assert _day_no_shows(centre) == 1
    back = other.requeue(number.lower())
    assert back.ok, back.message
    assert back.message == "requeued"
    assert back.ticket is not None
    assert back.ticket.status is TicketStatus.WAITING
    assert other.requeue(number).message == "not_a_no_show"  # once is enough
    assert _day_no_shows(centre) == 0  # the management screen's totals agree
    again = desk.call_next()  # called again, at a counter of its service
    assert again.ok
    assert again.ticket is not None
    assert again.ticket.display == number
    with read_tx(centre.engine) as conn:
        rows = conn.execute(
            select(tables.audit_log.c.username, tables.audit_log.c.action).where(
                tables.audit_log.c.action == "requeue"
            )
        ).all()
        assert [(r.username, r.action) for r in rows] == [("rauf", "requeue")]


def test_reports_count_booked_and_called_no_shows_apart(centre: Centre, tmp_path: Path) -> None:
    never = booking(at=time(9, 0))  # slot 09:00, the clock stands at 10:00: never came
    later = booking(at=time(10, 20))
    with write_tx(centre.engine) as conn:
        booking_repo.upsert_bookings(conn, [never, later], centre.clock.now())
    assert expire_overdue(centre.engine, catalogue(), "baku-1", centre.clock.now()) == 1
    assert expire_overdue(centre.engine, catalogue(), "baku-1", centre.clock.now()) == 0
    with read_tx(centre.engine) as conn:
        assert booking_repo.get_booking(conn, never.order_code).status is BookingStatus.EXPIRED
        assert booking_repo.get_booking(conn, later.order_code).status is BookingStatus.BOOKED
        kinds = list(conn.execute(select(tables.outbox.c.kind)).scalars())
    assert kinds == ["expired"]
    desk, _ = _called(centre)
    assert desk.no_show().ok
    report = build_report(
        centre.engine,
        catalogue(),
        "baku-1",
        centre.clock.now().date(),
        centre.clock.now().date(),
        target_wait_minutes=15,
    )
    assert (report.figures.no_show, report.figures.booked_no_show) == (1, 1)
    out = tmp_path / "day.csv"
    write_csv(report, out)
    with out.open(encoding="utf-8-sig") as fh:
        rows = list(csv.reader(fh))
    lines = {r[0]: r[1] for r in rows if len(r) >= 2}
    assert lines["Onlayn növbəyə gəlməyənlər"] == "1"
    assert lines["Çağırılıb gəlməyənlər"].startswith("1 ")
