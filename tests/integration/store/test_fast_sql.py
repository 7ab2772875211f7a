"""The SQLite hot path writes exactly what SQLAlchemy would write."""

from __future__ import annotations

import sqlite3
from datetime import timedelta
from pathlib import Path

from sqlalchemy.engine import make_url

from kiosk_app.domain.tickets import TicketKind
from kiosk_app.store import make_engine, ticket_repo, write_tx
from kiosk_app.store.outbox import _INSERT as OUTBOX_INSERT
from kiosk_app.store.outbox import record_event
from server_sync.kernel.clock import FixedClock
from tests.factories import migrated_store


def test_raw_and_orm_writes_store_the_same_text(tmp_path: Path, clock: FixedClock) -> None:
    url = migrated_store(f"sqlite:///{tmp_path / 'c.db'}")
    engine = make_engine(url)
    now = clock.now()
    new = ticket_repo.NewTicket(
        "baku-1",
        "passport",
        "A",
        now.date(),
        TicketKind.BOOKED,
        now,
        now - timedelta(minutes=60),
        slot_at=now + timedelta(minutes=15),
        booking_code="123456789012",
        request_id="r1",
        device_id="k1",
    )
    with write_tx(engine) as conn:
        fast = ticket_repo.insert_ticket(conn, new)  # raw DB-API path on SQLite
        values = {c: getattr(new, c, None) for c in ticket_repo._TICKET_COLUMNS}
        values.update(
            kind="booked",
            status="waiting",
            sequence=99,
            request_id="r2",
            booking_code="999999999999",
        )
        orm_id = conn.execute(ticket_repo._INSERT_TICKET, values).scalar_one()
        record_event(conn, "check_in", {"ticket_id": fast.id}, now, key="raw")
        conn.execute(
            OUTBOX_INSERT,
            {
                "idempotency_key": "orm",
                "kind": "check_in",
                "booking_code": None,
                "attempts": 0,
                "created_at": now,
                "payload": {"ticket_id": fast.id, "at": now.isoformat()},
            },
        )
    engine.dispose()
    db = sqlite3.connect(make_url(url).database or "")
    cols = "day, issued_at, call_time, slot_at, centre_id, kind"
    raw_row = db.execute(f"select {cols} from tickets where id=?", (fast.id,)).fetchone()
    orm_row = db.execute(f"select {cols} from tickets where id=?", (orm_id,)).fetchone()
    assert raw_row == orm_row
    outbox = db.execute("select payload, created_at from outbox order by id").fetchall()
    assert outbox[0] == outbox[1]
    assert fast.number.sequence == 1
