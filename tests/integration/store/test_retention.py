"""Stores that only grew (issue 11, item 12): past their retention, the centre's sent
outbox events, dropped parked events and audit rows, and central's pushed events,
conflicts and sent mail are pruned in small batches; nothing younger, nothing unsent
and nothing still parked is touched. Both engines."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from kiosk_app.cli.main import main
from kiosk_app.services.retention import CentrePruner
from kiosk_app.store import make_engine, outbox, tables, write_tx
from kiosk_app.store.audit_repo import audit
from server_sync.app import build_services
from server_sync.config import RetentionSettings, ServerSettings
from server_sync.kernel.clock import FixedClock
from server_sync.settings import CentralSettings
from server_sync.store import migrate
from server_sync.store.db import create_store_engine
from server_sync.store.sync_models import sync_conflicts, sync_events
from server_sync.store.tables import mail_outbox

SMALL = RetentionSettings(outbox_sent_days=30, audit_days=365, batch_rows=10, pause_ms=0)


def _count(engine: sa.Engine, table: sa.Table) -> int:
    with engine.connect() as conn:
        return int(conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one())


def test_the_centre_prunes_old_sent_events_and_audit_rows(
    store_url: str, clock: FixedClock, capsys: pytest.CaptureFixture[str]
) -> None:
    engine = make_engine(store_url)
    now = clock.now()
    old, recent = now - timedelta(days=31), now - timedelta(days=29)
    with write_tx(engine) as conn:
        keys = {
            name: [outbox.record_event(conn, "called", {"n": i}, at) for i in range(count)]
            for name, at, count in (
                ("old_sent", old, 35),
                ("recent_sent", recent, 5),
                ("old_unsent", old, 4),
                ("old_dropped", old, 3),
                ("old_parked", old, 2),
            )
        }
        outbox.mark_sent(conn, keys["old_sent"], old)
        outbox.mark_sent(conn, keys["recent_sent"], recent)
        for key in keys["old_dropped"] + keys["old_parked"]:
            outbox.park(conn, key, 422, "HTTP 422: events.0.seq out_of_range", old)
        for key in keys["old_dropped"]:
            outbox.drop(conn, key, old, "it-rauf")
        for i in range(23):
            audit(conn, now - timedelta(days=400), "op1", "call_next", number=f"A{i:03d}")
        audit(conn, now - timedelta(days=10), "op1", "call_next", number="A100")

    pruner = CentrePruner(engine, SMALL, clock)
    assert pruner.due().outbox == 38
    assert pruner.due().audit == 23
    first = pruner.step()  # one batch each: what the sync agent does after a round
    assert (first.outbox, first.audit) == (10, 10)
    rest = pruner.run()
    assert (rest.outbox, rest.audit) == (28, 13)

    with engine.connect() as conn:
        left = set(conn.execute(sa.select(tables.outbox.c.idempotency_key)).scalars())
        audits = conn.execute(sa.select(tables.audit_log.c.details)).scalars().all()
    assert left == set(keys["recent_sent"] + keys["old_unsent"] + keys["old_parked"])
    assert [a["number"] for a in audits] == ["A100"]
    with engine.connect() as conn:
        assert outbox.parked_count(conn) == 2  # still parked, still shown to IT
    engine.dispose()

    # the command runs on today's clock: the "recent" ones of the test's Monday are older
    assert main(["db", "prune", "--db", store_url, "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "would prune:" in out
    assert "(sent or dropped over 30 days ago)" in out


@pytest.mark.parametrize("store", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def test_central_prunes_old_events_conflicts_and_sent_mail(
    store: str, tmp_path: object, clock: FixedClock, request: pytest.FixtureRequest
) -> None:
    url = (
        f"sqlite:///{request.getfixturevalue('tmp_path') / 'central.db'}"
        if store == "sqlite"
        else request.getfixturevalue("pg_database")
    )
    engine = create_store_engine(url)
    migrate.upgrade(engine)
    now = clock.now()
    settings = CentralSettings(
        server=ServerSettings(db_url=url, jobs=False),
        retention=RetentionSettings(
            sync_events_days=90, sync_conflicts_days=180, batch_rows=10, pause_ms=0
        ),
    )
    events = [
        {
            "centre_id": "baku-1",
            "idempotency_key": f"key-{i:04d}",
            "centre_seq": i,
            "kind": "called",
            "centre_at": now,
            "received_at": now - timedelta(days=91 if i < 30 else 10),
            "outcome": "stored",
            "payload": "{}",
        }
        for i in range(40)
    ]
    conflicts = [
        {
            "centre_id": "baku-1",
            "kind": "unknown_booking",
            "idempotency_key": f"key-{i:04d}",
            "created_at": now - timedelta(days=181 if i < 9 else 1),
        }
        for i in range(12)
    ]
    mails = [
        {
            "kind": "booking_confirmation",
            "to_address": "someone@mail.az",
            "language": "az",
            "created_at": now - timedelta(days=31 if i < 15 else 1),
            "next_attempt_at": now,
            "sent_at": now - timedelta(days=31 if i < 15 else 1),
        }
        for i in range(20)
    ]
    with engine.begin() as conn:
        conn.execute(sync_events.insert(), events)
        conn.execute(sync_conflicts.insert(), conflicts)
        conn.execute(mail_outbox.insert(), mails)

    housekeeping = build_services(settings, clock=clock, engine=engine).housekeeping
    dry = housekeeping.purge(dry_run=True)
    assert (dry.sync_events, dry.sync_conflicts, dry.mails) == (30, 9, 15)
    assert _count(engine, sync_events) == 40
    done = housekeeping.purge()
    assert (done.sync_events, done.sync_conflicts) == (30, 9)
    assert (_count(engine, sync_events), _count(engine, sync_conflicts)) == (10, 3)
    assert _count(engine, mail_outbox) == 5
    engine.dispose()
