"""The counter workstation against a real store (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import datetime, time

import pytest
from sqlalchemy import select

from kiosk_app.domain.counter import CounterAction, CounterState
from kiosk_app.domain.staff import Role
from kiosk_app.domain.tickets import TicketKind, TicketStatus
from kiosk_app.services.kiosk.ticket_desk import Issued
from kiosk_app.store import booking_repo, read_tx, tables, write_tx
from kiosk_app.store.ticket_repo import get_ticket
from server_sync.kernel.clock import BAKU
from tests.factories import booking
from tests.integration.staff.conftest import Centre


def walk_in(c: Centre, service: str = "passport", minutes: float = 1) -> str:
    issued = c.kiosk.issue_walk_in(service)
    assert isinstance(issued, Issued)
    c.clock.advance(minutes=minutes)
    return issued.ticket.display


def audit_actions(c: Centre) -> list[tuple[str | None, str]]:
    with read_tx(c.engine) as conn:
        rows = conn.execute(
            select(tables.audit_log.c.username, tables.audit_log.c.action).order_by(
                tables.audit_log.c.id
            )
        )
        return [(r.username, r.action) for r in rows]


def outbox_kinds(c: Centre) -> list[str]:
    with read_tx(c.engine) as conn:
        return list(
            conn.execute(select(tables.outbox.c.kind).order_by(tables.outbox.c.id)).scalars()
        )


def test_a_visitor_goes_from_call_to_served(centre: Centre) -> None:
    number = walk_in(centre)
    desk = centre.desk(2)
    assert desk.call_next().message == "counter_closed"
    assert desk.open().ok
    called = desk.call_next()
    assert called.ok
    assert called.ticket is not None
    assert called.ticket.display == number
    assert centre.publisher.count == 1  # the hall display was woken
    assert desk.snapshot().allowed == {
        CounterAction.RECALL,
        CounterAction.START,
        CounterAction.NO_SHOW,
        CounterAction.TRANSFER,
    }
    assert desk.recall().ok
    assert centre.publisher.count == 2
    assert desk.finish().message == "not_serving"
    centre.clock.advance(minutes=1)
    assert desk.start().ok
    centre.clock.advance(minutes=7)
    done = desk.finish()
    assert done.ok
    assert done.ticket is not None
    assert done.ticket.status is TicketStatus.SERVED
    assert desk.snapshot().ticket is None
    assert desk.close().ok
    assert desk.snapshot().state is CounterState.CLOSED
    assert audit_actions(centre) == [
        ("aysel", a)
        for a in ("counter_open", "call_next", "recall", "start", "finish", "counter_close")
    ]
    assert outbox_kinds(centre) == ["ticket_issued", "called", "recalled", "serving", "served"]
    with read_tx(centre.engine) as conn:
        payload = conn.execute(
            select(tables.outbox.c.payload).where(tables.outbox.c.kind == "served")
        ).scalar_one()
    assert payload["number"] == number
    assert payload["counter"] == 2
    assert payload["day"] == "2026-11-23"


def test_no_show_frees_the_counter_and_empty_queue_says_so(centre: Centre) -> None:
    desk = centre.desk(1)
    desk.open()
    assert desk.call_next().message == "queue_empty"
    walk_in(centre)
    desk.call_next()
    assert desk.pause().message == "finish_first"
    r = desk.no_show()
    assert r.ok
    assert r.ticket is not None
    assert r.ticket.status is TicketStatus.NO_SHOW
    assert desk.pause().ok
    assert desk.call_next().message == "counter_paused"
    assert desk.resume().ok


def test_realistic_mix_is_called_in_fair_order(centre: Centre) -> None:
    """Bookings by slot, privilege ahead of walk-ins, a transfer keeps its place,
    a no-show is skipped; counter 3 (water) never takes a passport ticket."""
    c = centre
    c.clock.set(datetime(2026, 11, 23, 9, 40, tzinfo=BAKU))
    b = booking(at=time(10, 0))
    with write_tx(c.engine) as conn:
        booking_repo.upsert_bookings(conn, [b], c.clock.now())
    w1 = walk_in(c, "passport", 2)  # 09:40
    h1 = walk_in(c, "water", 2)  # 09:42
    w2 = walk_in(c, "passport", 2)  # 09:44
    checked = c.kiosk.check_in(b.order_code)  # 09:46, slot 10:00 → call time 09:00
    assert isinstance(checked, Issued)
    c.clock.advance(minutes=2)
    op = c.desk(1)
    pri = op.issue_priority("passport", "elderly")  # 09:48 → call time 09:18
    assert pri.message == "priority_issued"
    assert pri.ticket is not None
    assert pri.ticket.kind is TicketKind.PRIORITY
    w3 = walk_in(c, "passport", 1)
    op.open()
    water = c.desk(3, "kamran")
    water.open()
    order = []
    for _ in range(2):
        r = op.call_next()
        assert r.ticket is not None
        order.append(r.ticket.display)
        op.start()
        op.finish()
    assert order == [checked.ticket.display, pri.ticket.display]
    # w1 is called and sent to the water service: it keeps its 09:40 place there.
    r = op.call_next()
    assert r.ticket is not None
    assert r.ticket.display == w1
    assert op.transfer(to_service="water").ok
    assert water.call_next().ticket.display == w1  # type: ignore[union-attr]
    water.start()
    water.finish()
    assert water.call_next().ticket.display == h1  # type: ignore[union-attr]
    water.no_show()
    assert [op.call_next().ticket.display] == [w2]  # type: ignore[union-attr]
    op.no_show()
    assert op.call_next().ticket.display == w3  # type: ignore[union-attr]
    assert water.call_next().message == "queue_empty"


def test_transfer_to_a_counter_reserves_the_ticket_for_it(centre: Centre) -> None:
    first = walk_in(centre)
    second = walk_in(centre)
    one, two = centre.desk(1, "aysel"), centre.desk(2, "murad")
    one.open()
    two.open()
    assert one.call_next().ticket.display == first  # type: ignore[union-attr]
    assert one.transfer(to_counter=1).message == "unknown_counter"  # not to itself
    assert one.transfer(to_counter=3).message == "target_closed"
    assert one.transfer(to_counter=2).ok
    assert one.call_next().ticket.display == second  # type: ignore[union-attr]
    assert two.call_next().ticket.display == first  # type: ignore[union-attr]
    assert ("aysel", "transfer") in audit_actions(centre)


def test_reveal_is_masked_until_asked_and_then_logged(centre: Centre) -> None:
    b = booking(at=time(10, 15))
    with write_tx(centre.engine) as conn:
        booking_repo.upsert_bookings(conn, [b], centre.clock.now())
    assert isinstance(centre.kiosk.check_in(b.order_code), Issued)
    desk = centre.desk(1)
    desk.open()
    desk.call_next()
    card = desk.snapshot().visitor
    assert card is not None
    assert not card.revealed
    assert card.name == "Aysel M."
    assert card.id_document == "AZE*****678"
    assert "1234567" not in card.phone
    assert ("aysel", "reveal_personal_data") not in audit_actions(centre)
    shown = desk.reveal()
    assert shown is not None
    assert shown.id_document == "AZE12345678"
    assert shown.revealed
    assert "Məmmədova" in shown.name
    assert ("aysel", "reveal_personal_data") in audit_actions(centre)


def test_priority_categories_come_from_settings(centre: Centre) -> None:
    desk = centre.desk(1)
    with pytest.raises(ValueError, match="not a priority category"):
        desk.issue_priority("passport", "self_declared")
    # residence has no walk-in, but an operator may still give a priority ticket
    issued = desk.issue_priority("residence", "disabled")
    assert issued.ticket is not None
    with read_tx(centre.engine) as conn:
        t = get_ticket(conn, issued.ticket.id)
    assert t is not None
    assert t.priority_category == "disabled"
    assert ("aysel", "issue_priority") in audit_actions(centre)


def test_it_staff_cannot_work_a_counter(centre: Centre) -> None:
    with pytest.raises(PermissionError):
        centre.desk(1, "nigar", Role.IT)


@pytest.mark.parametrize("empty_store_url", ["sqlite"], indirect=True)
def test_a_damaged_store_becomes_one_clear_error(centre: Centre) -> None:
    from pathlib import Path

    from kiosk_app.services.staff.types import StoreUnavailable
    from kiosk_app.store.engine import sqlite_path

    desk = centre.desk(1)
    centre.engine.dispose()
    path = sqlite_path(centre.url)
    assert path is not None
    for extra in ("", "-wal", "-shm"):
        Path(str(path) + extra).unlink(missing_ok=True)
    path.write_bytes(b"this is not a database" * 100)
    with pytest.raises(StoreUnavailable, match="not a database"):
        desk.call_next()
