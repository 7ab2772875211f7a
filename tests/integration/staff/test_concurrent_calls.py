"""Ten counters pressing "call next" at once never call the same ticket."""

from __future__ import annotations

import threading
from datetime import datetime

from sqlalchemy import Engine, insert

from kiosk_app.domain.counter import CounterState
from kiosk_app.store import make_engine, queue_repo, tables, write_tx
from server_sync.kernel.clock import BAKU
from tests.integration.staff.conftest import Centre


def fill_queue(engine: Engine, n: int) -> None:
    at = datetime(2026, 11, 23, 9, 0, tzinfo=BAKU)
    rows = [
        {
            "centre_id": "baku-1",
            "day": at.date(),
            "letter": "A",
            "sequence": i + 1,
            "service_id": "passport",
            "kind": "walk_in",
            "status": "waiting",
            "issued_at": at,
            "call_time": at,
            "language": "az",
        }
        for i in range(n)
    ]
    with write_tx(engine) as conn:
        conn.execute(insert(tables.tickets), rows)


def test_ten_counters_calling_together_never_share_a_ticket(centre: Centre) -> None:
    fill_queue(centre.engine, 120)
    at = datetime(2026, 11, 23, 10, 0, tzinfo=BAKU)
    called: list[int] = []
    lock = threading.Lock()
    start = threading.Barrier(10)

    def counter(number: int) -> None:
        engine = make_engine(centre.url)
        start.wait()
        try:
            while True:
                with write_tx(engine) as conn:
                    t = queue_repo.call_next(
                        conn,
                        centre_id="baku-1",
                        day=at.date(),
                        counter=number,
                        services={"passport"},
                        at=at,
                        username=f"op{number}",
                    )
                    if t is None:
                        return
                    queue_repo.set_counter(
                        conn,
                        "baku-1",
                        number,
                        state=CounterState.OPEN,
                        operator=None,
                        ticket_id=None,
                        at=at,
                    )
                with lock:
                    called.append(t.id)
        finally:
            engine.dispose()

    threads = [threading.Thread(target=counter, args=(n,)) for n in range(1, 11)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert len(called) == 120
    assert len(set(called)) == 120
