"""A backup taken while four kiosk processes issue tickets, restored and checked: the
restored store is intact and holds exactly the tickets of one moment, on SQLite (the
online backup API) and PostgreSQL (pg_dump).

"One moment" is checked three ways: the numbers are 1…N with no gap, the number
counter says N, every ticket has its outbox event, and each kiosk's tickets in the
backup are the first ones it got (a kiosk issues one after another)."""

from __future__ import annotations

import multiprocessing as mp
import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from kiosk_app.store import make_engine, read_tx
from kiosk_app.store.open_store import open_store
from tests.conftest import _create_database, _drop_database
from tests.integration.store.workers import issue_until

KIOSKS = 4


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kiosk_app.cli.main", "db", *args],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        env={**os.environ, "ASANQ_LOG__LEVEL": "WARNING"},
    )


def ticket_count(engine: Engine) -> int:
    with read_tx(engine) as conn:
        return int(conn.execute(text("SELECT count(*) FROM tickets")).scalar_one())


def wait_for_tickets(engine: Engine, at_least: int, timeout: float = 120) -> int:
    deadline = time.monotonic() + timeout
    while (count := ticket_count(engine)) < at_least:
        assert time.monotonic() < deadline, f"only {count} tickets after {timeout} s"
        time.sleep(0.05)
    return count


def snapshot(engine: Engine) -> tuple[list[tuple[str, int]], int, int]:
    """(device, sequence) of every ticket by id, the counter, the ticket events."""
    with read_tx(engine) as conn:
        rows = conn.execute(text("SELECT device_id, sequence FROM tickets ORDER BY id")).all()
        counter = conn.execute(text("SELECT max(last) FROM ticket_sequences")).scalar()
        events = conn.execute(
            text("SELECT count(*) FROM outbox WHERE kind = 'ticket_issued'")
        ).scalar_one()
    return [(str(d), int(s)) for d, s in rows], int(counter or 0), int(events)


@pytest.fixture
def restore_targets(
    store_url: str, tmp_path: Path, request: pytest.FixtureRequest
) -> Iterator[Callable[[], str]]:
    """New empty stores of the same kind to restore into (PostgreSQL ones dropped after)."""
    made: list[str] = []
    server = request.getfixturevalue("pg_server_url") if store_url.startswith("postgres") else ""

    def new() -> str:
        made.append(
            _create_database(server, "asanq_restore")
            if server
            else f"sqlite:///{tmp_path / f'restored-{len(made)}.db'}"
        )
        return made[-1]

    yield new
    for url in made if server else ():
        _drop_database(server, url)


@pytest.mark.slow
def test_backup_while_four_kiosks_issue_tickets_restores_one_moment(
    store_url: str, tmp_path: Path, restore_targets: Callable[[], str]
) -> None:
    suffix = ".sqlite" if store_url.startswith("sqlite") else ".pgdump"
    engine = make_engine(store_url)
    backups: list[Path] = []
    ctx = mp.get_context("spawn")
    with ctx.Manager() as manager:
        start, stop = manager.Event(), manager.Event()
        with ProcessPoolExecutor(KIOSKS, mp_context=ctx) as pool:
            futures = [
                pool.submit(issue_until, store_url, f"kiosk-{k}", start, stop)
                for k in range(KIOSKS)
            ]
            start.set()
            for round_ in range(3):  # three backups, each in the middle of the load
                before = wait_for_tickets(engine, 40 * (round_ + 1))
                target = tmp_path / f"backup-{round_}{suffix}"
                done = cli("backup", "--db", store_url, "--to", str(target))
                assert done.returncode == 0, done.stderr
                backups.append(target)
                wait_for_tickets(engine, before + 1)  # the kiosks kept issuing
            wait_for_tickets(engine, ticket_count(engine) + 20)
            stop.set()
            issued = {f"kiosk-{k}": f.result(timeout=120) for k, f in enumerate(futures)}
    final = ticket_count(engine)
    engine.dispose()

    seen_sizes = []
    for backup in backups:
        restored_url = restore_targets()
        done = cli("restore", "--db", restored_url, "--from", str(backup))
        assert done.returncode == 0, done.stderr + done.stdout
        checked = cli("check", "--db", restored_url)
        assert checked.returncode == 0, checked.stdout + checked.stderr
        assert checked.stdout.startswith("ok: "), checked.stdout
        restored = open_store(restored_url)  # at the current migration, usable as is
        rows, counter, events = snapshot(restored)
        restored.dispose()
        size = len(rows)
        assert 0 < size < final
        assert sorted(s for _, s in rows) == list(range(1, size + 1)), "numbers with a gap"
        assert counter == size, "the number counter is from another moment than the tickets"
        assert events == size, "tickets and their outbox events are from different moments"
        for device, numbers in issued.items():
            mine = [s for d, s in rows if d == device]
            assert mine == [int(n[1:]) for n in numbers[: len(mine)]], device
        seen_sizes.append(size)
    assert seen_sizes == sorted(seen_sizes)
