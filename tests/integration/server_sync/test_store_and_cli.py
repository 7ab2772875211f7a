"""Central store migrations on SQLite and PostgreSQL, and the `asan-queue server` tools."""

from __future__ import annotations

import json
from datetime import timedelta
from importlib import resources
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from kiosk_app.cli.main import main
from server_sync.app import build_services
from server_sync.config import ServerSettings
from server_sync.kernel.clock import SystemClock
from server_sync.settings import CentralSettings
from server_sync.store.db import create_store_engine
from server_sync.store.migrate import VERSION_TABLE, downgrade, upgrade
from server_sync.store.tables import metadata


@pytest.mark.parametrize("store", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def test_migrations_match_the_tables_and_go_down_again(
    store: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    url = (
        f"sqlite:///{tmp_path / 'c.db'}"
        if store == "sqlite"
        else request.getfixturevalue("pg_database")
    )
    engine = create_store_engine(url)
    upgrade(engine)
    upgrade(engine)  # idempotent
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), metadata)
    assert [d for d in diff if not (d[0] == "remove_table" and d[1].name == VERSION_TABLE)] == []
    downgrade(engine, "base")
    with engine.connect() as conn:
        assert not engine.dialect.has_table(conn, "bookings")
    engine.dispose()


def test_cli_prepares_seeds_and_purges(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ASANQ_DEMO", "true")
    monkeypatch.setenv("ASANQ_SMTP__OUTBOX_DIR", str(tmp_path / "mail"))
    db = f"sqlite:///{tmp_path / 'central.db'}"
    assert main(["server", "prepare-demo", "--db", db]) == 0
    out = capsys.readouterr().out
    assert "demo catalogue version 1" in out
    assert str(tmp_path / "mail") in out
    assert main(["server", "prepare-demo", "--db", db]) == 0  # second time: nothing to add
    assert main(["server", "seed", "--db", db]) == 0
    assert "catalogue version 2" in capsys.readouterr().out
    assert main(["server", "purge", "--db", db, "--dry-run"]) == 0
    assert "would purge: personal data of 0 bookings" in capsys.readouterr().out
    bad = tmp_path / "bad.json"
    bad.write_text("{", encoding="utf-8")
    assert main(["server", "seed", "--db", db, "--catalogue", str(bad)]) == 2
    assert "not valid JSON" in capsys.readouterr().err


def test_it_creates_a_reception_secretary_for_known_officials(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import io

    db = f"sqlite:///{tmp_path / 'central.db'}"
    assert main(["server", "prepare-demo", "--db", db]) == 0
    assert "8 officials" in capsys.readouterr().out
    monkeypatch.setattr("sys.stdin", io.StringIO("katib-sifre-2026\n"))
    assert (
        main(["it", "secretary", "katib", "--officials", "nobody", "--password-stdin", "--db", db])
        == 2
    )
    assert "unknown officials: nobody" in capsys.readouterr().err
    monkeypatch.setattr("sys.stdin", io.StringIO("katib-sifre-2026\n"))
    args = ["it", "secretary", "katib", "--officials", "isgenderov-sahin", "--password-stdin"]
    assert main([*args, "--db", db]) == 0
    assert "/office" in capsys.readouterr().out


@pytest.mark.parametrize("store", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def test_seed_from_a_file_keeps_its_booking_rules(
    store: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    """Issue 11, item 10: a catalogue file's rule for 3 places per slot is what the
    slot service offers after `server seed --catalogue FILE` (it used to stay at 2)."""
    url = (
        f"sqlite:///{tmp_path / 'c.db'}"
        if store == "sqlite"
        else request.getfixturevalue("pg_database")
    )
    document = json.loads(
        resources.files("assets").joinpath("catalogue/catalogue.json").read_text("utf-8")
    )
    document["booking_rules"] = [
        {"centre": "baku-1", "service": "*", "slot_minutes": 60, "counters": 1},
        {"centre": "baku-1", "service": "id-card-issue", "slot_minutes": 12, "counters": 3},
    ]
    path = tmp_path / "catalogue.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    assert main(["server", "seed", "--db", url, "--catalogue", str(path)]) == 0

    engine = create_store_engine(url)
    services = build_services(CentralSettings(server=ServerSettings(db_url=url)), engine=engine)
    day = SystemClock().now().date() + timedelta(days=3)
    # A working weekday: baku-1 opens at 09:00 Monday to Saturday (10:00 on Sunday).
    while day.weekday() == 6 or services.slots.availability("baku-1", "id-card-issue", day) == []:
        day += timedelta(days=1)
    offers = services.slots.availability("baku-1", "id-card-issue", day)
    assert {o.capacity for o in offers} == {3}
    assert (offers[0].start, offers[0].end) == ("09:00", "09:12")  # its own 12 minutes beat "*"
    passports = services.slots.availability("baku-1", "passport-issue", day)
    assert (passports[0].start, passports[0].end) == ("09:00", "10:00")  # "*": 60 minutes
    engine.dispose()
