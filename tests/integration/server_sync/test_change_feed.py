"""The sync pull's change feed never skips a change, whatever order transactions
commit in, and no booking transaction waits on a shared row (`store.change_feed`)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from server_sync.kernel.clock import BAKU, FixedClock
from server_sync.kernel.order_codes import generate_order_code
from server_sync.store import change_feed, migrate
from server_sync.store import repositories as repo
from server_sync.store.db import create_store_engine
from server_sync.store.tables import bookings, mail_outbox
from server_sync.sync_api.service import SyncService

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=BAKU)
BOTH = pytest.mark.parametrize(
    "store", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)


@pytest.fixture
def engine(store: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Engine]:
    url = (
        f"sqlite:///{tmp_path / 'central.db'}"
        if store == "sqlite"
        else request.getfixturevalue("pg_database")
    )
    eng = create_store_engine(url, 10)
    migrate.upgrade(eng)
    yield eng
    eng.dispose()


def values(code: str, n: int = 0) -> dict[str, object]:
    return {
        "order_code": code,
        "resource": "svc:baku-1:passport",
        "centre_id": "baku-1",
        "service_id": "passport",
        "day": date(2026, 11, 24),
        "start": "10:00",
        "status": "booked",
        "language": "az",
        "first_name": "Aysel",
        "last_name": "Məmmədova",
        "father_name": "Rauf qızı",
        "id_document": f"AZE{n:08d}",
        "phone": "+994501234567",
        "email": f"v{n}@mail.az",
        "extra": "{}",
        "dedupe_key": None,
        "created_at": NOW,
        "updated_at": NOW,
    }


def insert(conn: sa.Connection, n: int = 0) -> str:
    code = generate_order_code()
    (number,) = change_feed.take_numbers(conn, 1)
    repo.insert_booking(conn, {**values(code, n), "change_seq": number})
    return code


def pull(service: SyncService, cursor: int) -> tuple[list[str], int]:
    answer = service.pull("baku-1", cursor, 0, 5000, False)
    return [b["order_code"] for b in answer["bookings"]], int(answer["cursor"])


@pytest.mark.postgres
@pytest.mark.parametrize("store", ["postgres"])
def test_pull_never_skips_a_change_committed_out_of_order(engine: Engine) -> None:
    """A changes first, B changes later and commits first; a pull runs; A commits:
    the next pull returns A's change (its cursor never moved past it)."""
    service = SyncService(engine, FixedClock(NOW))
    with engine.begin() as conn:
        pulled_before = insert(conn, 0)
    first, cursor = pull(service, 0)
    assert first == [pulled_before]

    a = engine.connect()
    a_tx = a.begin()
    a_new = insert(a, 1)  # A: a new booking ...
    a_id = a.execute(
        sa.select(bookings.c.id).where(bookings.c.order_code == pulled_before)
    ).scalar_one()
    repo.update_booking(a, a_id, None, {"status": "cancelled"})  # ... and a change of one
    change_feed.mark_changed(a, [a_id])  # already pulled: both still uncommitted
    with engine.begin() as b:
        b_code = insert(b, 2)  # B starts after A and commits first

    seen, cursor = pull(service, cursor)
    assert seen == [b_code]

    a_tx.commit()
    a.close()
    seen, cursor = pull(service, cursor)
    assert sorted(seen) == sorted([a_new, pulled_before])
    assert pull(service, cursor) == ([], cursor)


@pytest.mark.postgres
@pytest.mark.parametrize("store", ["postgres"])
def test_a_pull_does_not_wait_for_a_writer_holding_an_unnumbered_change(engine: Engine) -> None:
    service = SyncService(engine, FixedClock(NOW))
    with engine.begin() as conn:
        held = insert(conn, 0)  # committed, not numbered yet
        other = insert(conn, 1)
    writer = engine.connect()
    tx = writer.begin()
    writer.execute(sa.text("SET LOCAL lock_timeout = '5s'"))
    writer.execute(
        bookings.update().where(bookings.c.order_code == held).values(status="cancelled")
    )  # the row is locked by this transaction until it commits
    seen, cursor = pull(service, 0)  # skips the locked row instead of waiting
    assert seen == [other]
    tx.commit()
    writer.close()
    seen, cursor = pull(service, cursor)
    assert seen == [held]


@pytest.mark.postgres
@pytest.mark.parametrize("store", ["postgres"])
def test_writers_and_pullers_at_once_lose_nothing(engine: Engine) -> None:
    """8 writers insert and change bookings while a puller pulls in a loop: every
    committed change is pulled, each booking's last pull shows its last state."""
    service = SyncService(engine, FixedClock(NOW))
    done = threading.Event()
    codes: list[str] = []
    lock = threading.Lock()

    def writer(w: int) -> None:
        for i in range(40):
            with engine.begin() as conn:
                code = insert(conn, w * 1000 + i)
            if i % 3 == 0:
                with engine.begin() as conn:
                    bid = conn.execute(
                        sa.select(bookings.c.id).where(bookings.c.order_code == code)
                    ).scalar_one()
                    repo.update_booking(conn, bid, None, {"status": "cancelled"})
                    change_feed.mark_changed(conn, [bid])
            with lock:
                codes.append(code)

    pulled: dict[str, str] = {}
    cursor = 0

    def puller() -> None:
        nonlocal cursor
        while not done.is_set():
            answer = service.pull("baku-1", cursor, 0, 50, False)
            for b in answer["bookings"]:
                pulled[b["order_code"]] = b["status"]
            cursor = int(answer["cursor"])

    threads = [threading.Thread(target=writer, args=(w,)) for w in range(8)]
    reader = threading.Thread(target=puller)
    reader.start()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    done.set()
    reader.join()
    while True:
        answer = service.pull("baku-1", cursor, 0, 50, False)
        for b in answer["bookings"]:
            pulled[b["order_code"]] = b["status"]
        cursor = int(answer["cursor"])
        if not answer["more"]:
            break
    with engine.connect() as conn:
        truth = dict(
            conn.execute(sa.select(bookings.c.order_code, bookings.c.status)).tuples().all()
        )
    assert len(codes) == 320
    assert pulled == truth


@BOTH
def test_every_change_of_a_booking_comes_again_with_a_higher_number(engine: Engine) -> None:
    service = SyncService(engine, FixedClock(NOW))
    with engine.begin() as conn:
        code = insert(conn)
    seen, cursor = pull(service, 0)
    assert (seen, cursor > 0) == ([code], True)
    with engine.begin() as conn:
        bid = conn.execute(
            sa.select(bookings.c.id).where(bookings.c.order_code == code)
        ).scalar_one()
        repo.update_booking(conn, bid, None, {"status": "cancelled"})
        change_feed.mark_changed(conn, [bid])
    seen, later = pull(service, cursor)
    assert (seen, later > cursor) == ([code], True)
    assert pull(service, later) == ([], later)


@BOTH
def test_the_one_per_document_rule_is_told_by_the_constraint(engine: Engine) -> None:
    """The dedupe key's constraint is the insert's arbiter: a second booking of the
    same document is refused as a duplicate; another order-code clash is retried."""
    from server_sync.store.booking_sql import insert_booking, is_order_code_clash

    with engine.begin() as conn:
        first = insert_booking(conn, {**values("100000000009"), "dedupe_key": "k"}, "x", "{}")
        again = insert_booking(conn, {**values("200000000008"), "dedupe_key": "k"}, "x", "{}")
    assert (first is not None, again) == (True, None)
    with pytest.raises(sa.exc.IntegrityError) as clash, engine.begin() as conn:
        insert_booking(conn, {**values("100000000009"), "dedupe_key": "other"}, "x", "{}")
    assert is_order_code_clash(clash.value)


@pytest.mark.parametrize("store", ["sqlite"])
def test_migration_keeps_mail_linked_to_its_booking(engine: Engine) -> None:
    """SQLite rebuilds the bookings table in 0003; the mail outbox keeps its links."""
    migrate.downgrade(engine, "0002_sync")
    with engine.begin() as conn:
        conn.execute(bookings.insert().values(**values("100000000009"), change_seq=1))
        booking_id = conn.execute(sa.select(bookings.c.id)).scalar_one()
        repo.enqueue_mail(conn, "booking_confirmed", "a@mail.az", "az", {}, NOW, booking_id)
    migrate.upgrade(engine)
    with engine.connect() as conn:
        assert conn.execute(sa.select(mail_outbox.c.booking_id)).scalar_one() == booking_id
        assert conn.execute(sa.select(bookings.c.change_seq)).scalar_one() == 1
