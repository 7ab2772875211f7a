"""Several kiosks issuing at once never share or skip a ticket number."""

from __future__ import annotations

import multiprocessing as mp
from concurrent.futures import ProcessPoolExecutor

import pytest
from sqlalchemy import select

from kiosk_app.store import make_engine, read_tx, tables
from tests.integration.store.workers import issue_many

PROCESSES, EACH = 4, 250


@pytest.mark.slow
def test_four_processes_issue_a_thousand_distinct_gap_free_numbers(store_url: str) -> None:
    ctx = mp.get_context("spawn")
    with ctx.Manager() as manager:
        start = manager.Event()
        with ProcessPoolExecutor(PROCESSES, mp_context=ctx) as pool:
            futures = [
                pool.submit(issue_many, store_url, f"kiosk-{p}", EACH, start)
                for p in range(PROCESSES)
            ]
            start.set()
            results = [f.result(timeout=240) for f in futures]
    numbers = [n for r in results for n in r]
    assert len(numbers) == PROCESSES * EACH
    assert len(set(numbers)) == len(numbers), "a ticket number was handed out twice"
    assert {n[0] for n in numbers} == {"A"}
    assert sorted(int(n[1:]) for n in numbers) == list(range(1, PROCESSES * EACH + 1))
    for r in results:  # each kiosk saw its own numbers rise
        assert [int(n[1:]) for n in r] == sorted(int(n[1:]) for n in r)
    engine = make_engine(store_url)
    with read_tx(engine) as conn:
        stored = conn.execute(select(tables.tickets.c.sequence)).scalars().all()
    engine.dispose()
    assert sorted(stored) == list(range(1, PROCESSES * EACH + 1))
