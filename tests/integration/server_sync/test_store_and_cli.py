"""Central store migrations on SQLite and PostgreSQL, and the `asan-queue server` tools."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from kiosk_app.cli.main import main
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
