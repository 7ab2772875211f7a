"""`asan-queue db …` from a user's point of view: one line on failure, never damage."""

from __future__ import annotations

import re
import shutil
import sqlite3
import subprocess
import sys
from importlib import resources
from pathlib import Path

import pytest
from alembic.config import Config

from kiosk_app.cli.main import main
from kiosk_app.store import StoreError, migrate, upgrade
from tests.pii_guard import find_pii


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [sys.executable, "-m", "kiosk_app.cli.main", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert not find_pii(done.stderr), done.stderr  # no personal data in its log
    return done


def test_upgrade_and_seed_make_a_usable_store(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:///{tmp_path / 'var' / 'centre.db'}"
    assert main(["db", "upgrade", "--db", url]) == 0
    assert main(["db", "seed-demo", "--db", url, "--bookings", "5"]) == 0
    out = capsys.readouterr().out
    assert "21 centres" in out
    # 2 days × 5, and up to 5 to check in now (fewer when a day's booking is in its window)
    added = int(re.search(r"(\d+) demo bookings added at baku-1", out).group(1))  # type: ignore[union-attr]
    assert 10 <= added <= 15
    assert len(re.findall(r"order code \d{12}", out)) == 5
    code = out.split("order code ")[1].split()[0]
    with sqlite3.connect(tmp_path / "var" / "centre.db") as db:
        assert db.execute("select status from bookings where order_code=?", (code,)).fetchone() == (
            "booked",
        )
        assert db.execute("pragma journal_mode").fetchone() == ("wal",)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["db", "upgrade", "--db", "nonsense"], "not a database URL"),
        (
            ["db", "upgrade", "--db", "postgresql+psycopg://postgres@127.0.0.1:1/x"],
            "cannot open store",
        ),
        (["db", "upgrade", "--db", "mysql://x/y"], "unsupported database"),
    ],
)
def test_bad_urls_give_one_line(args: list[str], message: str) -> None:
    done = run_cli(*args)
    assert done.returncode == 2
    assert message in done.stderr
    assert "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


def test_missing_and_corrupt_store_files(tmp_path: Path) -> None:
    missing = run_cli("db", "seed-demo", "--db", f"sqlite:///{tmp_path / 'none.db'}")
    assert missing.returncode == 2
    assert "does not exist" in missing.stderr
    assert not (tmp_path / "none.db").exists()
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not sqlite" * 100)
    for args in (["db", "upgrade"], ["db", "seed-demo"]):
        done = run_cli(*args, "--db", f"sqlite:///{junk}")
        assert done.returncode == 2
        assert "damaged or not a database" in done.stderr
        assert "Traceback" not in done.stderr
    assert junk.read_bytes() == b"this is not sqlite" * 100


def test_unknown_centre_is_refused(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'c.db'}"
    assert run_cli("db", "upgrade", "--db", url).returncode == 0
    done = run_cli("db", "seed-demo", "--db", url, "--centre", "atlantis")
    assert done.returncode == 2
    assert "unknown centre 'atlantis'" in done.stderr


def test_bad_config_file_is_one_line(tmp_path: Path) -> None:
    cfg = tmp_path / "c.toml"
    cfg.write_text("[booking]\ncheckin_before_minutes = 'half an hour'\n", encoding="utf-8")
    done = run_cli("--config", str(cfg), "db", "upgrade")
    assert done.returncode == 2
    assert "booking.checkin_before_minutes" in done.stderr


BAD_MIGRATION = """
from alembic import op
from tests.pii_guard import find_pii
import sqlalchemy as sa
revision = "0999"
down_revision = "{head}"
branch_labels = None
depends_on = None

def upgrade():
    op.create_table("half_done", sa.Column("id", sa.Integer, primary_key=True))
    op.add_column("tickets", sa.Column("extra", sa.Integer))
    raise RuntimeError("power cut in the middle of a migration")

def downgrade():
    pass
"""


def test_half_applied_migration_leaves_the_store_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "centre.db"
    url = f"sqlite:///{db}"
    head = upgrade(url)
    assert main(["db", "seed-demo", "--db", url, "--bookings", "3"]) == 0
    with sqlite3.connect(db) as conn:
        before = conn.execute("select count(*) from bookings").fetchone()
    scripts = tmp_path / "scripts"
    shutil.copytree(str(resources.files("kiosk_app.store") / "migrations"), scripts)
    (scripts / "versions" / "0999_bad.py").write_text(BAD_MIGRATION.format(head=head), "utf-8")

    def bad_config() -> Config:
        cfg = Config()
        cfg.set_main_option("script_location", str(scripts))
        return cfg

    monkeypatch.setattr(migrate, "_config", bad_config)
    with pytest.raises(StoreError, match="power cut.*restored"):
        upgrade(url)
    with sqlite3.connect(db) as conn:
        tables = {r[0] for r in conn.execute("select name from sqlite_master where type='table'")}
        columns = {r[1] for r in conn.execute("pragma table_info(tickets)")}
        assert conn.execute("select version_num from alembic_version").fetchone() == (head,)
        assert conn.execute("select count(*) from bookings").fetchone() == before
    assert "half_done" not in tables
    assert "extra" not in columns
    assert not db.with_suffix(".db.pre-upgrade").exists()


def test_store_error_messages_hide_passwords() -> None:
    with pytest.raises(StoreError) as err:
        upgrade("postgresql+psycopg://postgres:hunter2@127.0.0.1:1/x")
    assert "hunter2" not in str(err.value)


def test_seed_demo_with_a_catalogue_file(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'c.db'}"
    assert run_cli("db", "upgrade", "--db", url).returncode == 0
    source = resources.files("assets") / "catalogue" / "catalogue.json"
    catalogue = tmp_path / "catalogue.json"
    catalogue.write_text(source.read_text("utf-8"), "utf-8")
    done = run_cli("db", "seed-demo", "--db", url, "--catalogue", str(catalogue), "--bookings", "0")
    assert done.returncode == 0, done.stderr
    assert "21 centres" in done.stdout
