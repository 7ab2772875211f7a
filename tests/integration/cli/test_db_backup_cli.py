"""`asan-queue db backup|restore|check` and `db upgrade --backup-first` as an operator
meets them: one clear line, a non-zero exit on damage, nothing overwritten by mistake,
and a failed migration that leaves the store as it was."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from importlib import resources
from pathlib import Path

import pytest
from alembic.config import Config
from sqlalchemy import text

from kiosk_app.cli.main import main
from kiosk_app.store import make_engine, migrate, upgrade
from server_sync.ops import backup
from tests.factories import migrated_store


def run_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kiosk_app.cli.main", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={**os.environ, "ASANQ_LOG__LEVEL": "WARNING", **(env or {})},
    )


@pytest.fixture
def store(tmp_path: Path) -> str:
    return migrated_store(f"sqlite:///{tmp_path / 'centre.db'}")


def test_backup_check_restore_round_trip(store: str, tmp_path: Path) -> None:
    copy = tmp_path / "copy.sqlite"
    done = run_cli("db", "backup", "--db", store, "--to", str(copy))
    assert done.returncode == 0, done.stderr
    assert f"backup of the centre store: {copy}" in done.stdout
    assert oct(copy.stat().st_mode & 0o777) == "0o640"
    assert not Path(str(copy) + "-wal").exists()  # one self-contained file
    again = run_cli("db", "backup", "--db", store, "--to", str(copy))
    assert again.returncode == 2
    assert "exists already" in again.stderr
    checked = run_cli("db", "check", "--file", str(copy))
    assert checked.returncode == 0
    assert "(latest)" in checked.stdout
    target = f"sqlite:///{tmp_path / 'new.db'}"
    assert run_cli("db", "restore", "--db", target, "--from", str(copy)).returncode == 0
    refused = run_cli("db", "restore", "--db", target, "--from", str(copy))
    assert refused.returncode == 2
    assert "holds data: add --force" in refused.stderr
    assert run_cli("db", "restore", "--db", target, "--from", str(copy), "--force").returncode == 0


def test_check_says_damaged_in_one_line_and_restore_refuses_a_damaged_backup(
    store: str, tmp_path: Path
) -> None:
    copy = tmp_path / "copy.sqlite"
    assert main(["db", "backup", "--db", store, "--to", str(copy)]) == 0
    with copy.open("r+b") as f:  # scribble over a page in the middle
        f.seek(copy.stat().st_size // 2)
        f.write(os.urandom(8192))
    done = run_cli("db", "check", "--file", str(copy))
    assert done.returncode == 1
    assert done.stdout.startswith("DAMAGED: ")
    assert len(done.stdout.strip().splitlines()) == 1
    before = Path(store.removeprefix("sqlite:///")).read_bytes()
    refused = run_cli("db", "restore", "--db", store, "--from", str(copy), "--force")
    assert refused.returncode == 2
    assert "damaged" in refused.stderr
    assert Path(store.removeprefix("sqlite:///")).read_bytes() == before


def test_restore_refuses_a_store_that_a_program_has_open(store: str, tmp_path: Path) -> None:
    copy = tmp_path / "copy.sqlite"
    assert main(["db", "backup", "--db", store, "--to", str(copy)]) == 0
    engine = make_engine(store)
    with engine.connect() as conn:  # a kiosk with the store open
        conn.execute(text("SELECT count(*) FROM tickets"))
        done = run_cli("db", "restore", "--db", store, "--from", str(copy), "--force")
    engine.dispose()
    assert done.returncode == 2
    assert "in use" in done.stderr
    assert "stop the services first" in done.stderr


def test_dated_backups_and_retention(store: str, tmp_path: Path) -> None:
    folder = tmp_path / "backups"
    folder.mkdir()
    old = datetime.now(UTC) - timedelta(days=30)
    for day in range(5):  # five old nightly backups
        stamp = (old - timedelta(days=day)).strftime("%Y%m%dT%H%M%SZ")
        (folder / f"centre-{stamp}.sqlite").write_bytes(b"old")
    (folder / "central-20200101T000000Z.pgdump").write_bytes(b"another store's")
    env = {"ASANQ_BACKUP__KEEP_DAYS": "14", "ASANQ_BACKUP__KEEP_AT_LEAST": "3"}
    done = run_cli("db", "backup", "--db", store, "--to-dir", str(folder), env=env)
    assert done.returncode == 0, done.stderr
    assert "deleted 3 backups older than 14 days" in done.stdout
    names = sorted(p.name for p in folder.iterdir())
    assert len([n for n in names if n.startswith("centre-")]) == 3  # the new one + 2 old
    assert "central-20200101T000000Z.pgdump" in names


BROKEN = """
from alembic import op
import sqlalchemy as sa
revision = "{revision}"
down_revision = "{down}"
branch_labels = None
depends_on = None

def upgrade():
    op.create_table("{table}", sa.Column("id", sa.Integer, primary_key=True))
    {fail}

def downgrade():
    pass
"""


def scripts_with(tmp_path: Path, head: str, *, good_first: bool) -> Path:
    """The real migrations plus (optionally) a good one and then a broken one."""
    scripts = tmp_path / "scripts"
    shutil.copytree(str(resources.files("kiosk_app.store") / "migrations"), scripts)
    down = head
    if good_first:
        (scripts / "versions" / "0998_good.py").write_text(
            BROKEN.format(revision="0998", down=head, table="good_step", fail="pass"), "utf-8"
        )
        down = "0998"
    (scripts / "versions" / "0999_broken.py").write_text(
        BROKEN.format(
            revision="0999", down=down, table="half_done", fail='raise RuntimeError("power cut")'
        ),
        "utf-8",
    )
    return scripts


def use_scripts(monkeypatch: pytest.MonkeyPatch, scripts: Path) -> None:
    def config() -> Config:
        cfg = Config()
        cfg.set_main_option("script_location", str(scripts))
        return cfg

    monkeypatch.setattr(migrate, "_config", config)


def test_upgrade_backup_first_with_nothing_to_do_takes_no_backup(
    store: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "backups"
    assert (
        main(["db", "upgrade", "--db", store, "--backup-first", "--backup-dir", str(folder)]) == 0
    )
    assert "is at migration" in capsys.readouterr().out
    assert not folder.exists() or not list(folder.iterdir())


@pytest.mark.parametrize("good_first", [False, True])
def test_failed_migration_leaves_the_store_as_it_was(
    empty_store_url: str,
    good_first: bool,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """SQLite puts its own copy back; on PostgreSQL a migration that got half-way (one
    good step committed, the next one broken) is undone from the backup taken first."""
    head = upgrade(empty_store_url)
    migrated_store(empty_store_url)
    use_scripts(monkeypatch, scripts_with(tmp_path, str(head), good_first=good_first))
    folder = tmp_path / "backups"
    code = main(
        ["db", "upgrade", "--db", empty_store_url, "--backup-first", "--backup-dir", str(folder)]
    )
    err = capsys.readouterr().err
    assert code == 1
    assert "migration of the centre store failed (" in err
    assert "power cut" in err
    assert f"the store is unchanged at migration {head}" in err
    assert "keep running the previous version" in err
    assert [p.name.split("-pre-upgrade-")[1] for p in folder.iterdir()] == [
        f"{head}{backup.suffix(empty_store_url)}"
    ]
    monkeypatch.undo()
    engine = make_engine(empty_store_url)
    with engine.connect() as conn:
        tables = set(
            conn.execute(
                text(
                    "SELECT name FROM sqlite_master WHERE type='table'"
                    if empty_store_url.startswith("sqlite")
                    else "SELECT tablename FROM pg_tables WHERE schemaname='public'"
                )
            ).scalars()
        )
        services = conn.execute(text("SELECT count(*) FROM services")).scalar_one()
    engine.dispose()
    assert "half_done" not in tables
    assert "good_step" not in tables
    assert services > 0
    assert run_cli("db", "check", "--db", empty_store_url).returncode == 0


def test_check_says_behind_when_a_migration_is_due(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.db'}"
    upgrade(url, "0001")
    done = run_cli("db", "check", "--db", url)
    assert done.returncode == 1
    assert done.stdout.startswith("BEHIND: ")
    with sqlite3.connect(tmp_path / "old.db") as conn:
        assert conn.execute("select version_num from alembic_version").fetchone() == ("0001",)
