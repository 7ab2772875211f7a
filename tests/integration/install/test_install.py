"""`asan-queue install` into a temporary root: what it writes, with which modes and
owners; running it again keeps edited settings and every secret; every unit passes
`systemd-analyze verify` with the real paths of the installed machine."""

from __future__ import annotations

import os
import stat
import subprocess
from pathlib import Path

import pytest

from kiosk_app.settings import Settings
from server_sync.ops.envfile import read_env_file
from server_sync.settings import load_settings
from tests.integration.install.conftest import (
    install,
    prepare_for_verify,
    require,
    with_users,
)

PG = "postgresql+psycopg://asanq:s3cret@db.centre.lan/centre"


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_centre_and_kiosk_on_one_machine(tmp_path: Path) -> None:
    done = install(
        tmp_path,
        "centre",
        "kiosk",
        "--centre",
        "gence",
        "--token-file",
        "-",
        stdin="asq1_token_from_it\n",
    )
    assert done.returncode == 0, done.stderr
    etc = tmp_path / "etc" / "asan-queue"
    assert mode(etc) == 0o750
    assert mode(etc / "secrets.env") == 0o600
    assert mode(etc / "kiosk.toml") == 0o640
    assert mode(tmp_path / "var" / "lib" / "asan-queue") == 0o2770
    secrets = read_env_file(etc / "secrets.env")
    assert secrets["ASANQ_SYNC__TOKEN"] == "asq1_token_from_it"
    assert secrets["ASANQ_KIOSK__EXIT_PIN_HASH"].startswith("$argon2id$")
    assert "exit PIN is" in done.stdout
    assert "next steps:" in done.stdout
    for role in ("centre", "kiosk"):
        settings = load_settings(Settings, etc / f"{role}.toml")
        assert settings.centre.id == "gence"
        assert settings.db.url == "sqlite:////var/lib/asan-queue/centre.db"
        assert settings.log.json_lines
    units = tmp_path / "etc" / "systemd" / "system"
    wants = units / "asan-queue.target.wants"
    assert sorted(p.name for p in wants.iterdir()) == [
        "asan-queue-kiosk.service",
        "asan-queue-migrate.service",
        "asan-queue-sync.service",
    ]
    assert (
        os.readlink(wants / "asan-queue-sync.service")
        == "/etc/systemd/system/asan-queue-sync.service"
    )
    assert (units / "timers.target.wants" / "asan-queue-backup.timer").is_symlink()
    kiosk = (units / "asan-queue-kiosk.service").read_text()
    assert "ExecStart=/usr/bin/cage -d -- /opt/asan-queue/current/bin/asan-queue" in kiosk
    assert "Requires=asan-queue-migrate.service" in kiosk
    assert (tmp_path / "etc" / "pam.d" / "asan-queue-kiosk").exists()
    admin = tmp_path / "usr" / "local" / "bin" / "asan-queue-admin"
    assert mode(admin) == 0o755
    assert "ASANQ_CONFIG:-/etc/asan-queue/centre.toml" in admin.read_text()


def test_running_again_keeps_edits_and_secrets(tmp_path: Path) -> None:
    assert install(tmp_path, "centre", "kiosk", "central").returncode == 0
    etc = tmp_path / "etc" / "asan-queue"
    first = read_env_file(etc / "secrets.env")
    edited = (etc / "kiosk.toml").read_text().replace("network://127.0.0.1:9100", "usb://04b8:0e28")
    (etc / "kiosk.toml").write_text(edited)
    again = install(tmp_path, "centre", "kiosk", "central", "--token-file", "-", stdin="asq1_t\n")
    assert again.returncode == 0, again.stderr
    assert "exit PIN is" not in again.stdout  # the PIN is made once
    assert (etc / "kiosk.toml").read_text() == edited
    assert "network://127.0.0.1:9100" in (etc / "kiosk.toml.new").read_text()
    second = read_env_file(etc / "secrets.env")
    assert second["ASANQ_SERVER__SECRET_KEY"] == first["ASANQ_SERVER__SECRET_KEY"]
    assert second["ASANQ_KIOSK__EXIT_PIN_HASH"] == first["ASANQ_KIOSK__EXIT_PIN_HASH"]
    assert second["ASANQ_SYNC__TOKEN"] == "asq1_t"  # a missing secret is filled in
    before = (etc / "secrets.env").read_bytes()
    refused = install(tmp_path, "centre", "--token-file", "-", stdin="asq1_other\n")
    assert refused.returncode == 2
    assert "ASANQ_SYNC__TOKEN is set already and differs" in refused.stderr
    assert (etc / "secrets.env").read_bytes() == before


def test_a_password_in_a_store_url_goes_to_the_secrets(tmp_path: Path) -> None:
    assert install(tmp_path, "staff", "--db", PG, "--counter", "4").returncode == 0
    etc = tmp_path / "etc" / "asan-queue"
    assert "s3cret" not in (etc / "staff.toml").read_text()
    assert read_env_file(etc / "secrets.env")["ASANQ_DB__URL"] == PG
    settings = load_settings(Settings, etc / "staff.toml")
    assert settings.staff.counter == 4


def test_plans_that_cannot_work_are_refused(tmp_path: Path) -> None:
    lone = install(tmp_path, "kiosk")
    assert lone.returncode == 2
    assert "needs the centre store on PostgreSQL" in lone.stderr
    two = install(tmp_path, "centre", "kiosk", "display")
    assert two.returncode == 2
    assert "one screen" in two.stderr
    assert not (tmp_path / "etc").exists()


@pytest.mark.skipif(os.geteuid() != 0, reason="useradd --root and chown need root")
def test_users_owners_and_groups_under_a_root(tmp_path: Path) -> None:
    with_users(tmp_path)
    done = install(tmp_path, "centre", "kiosk")
    assert done.returncode == 0, done.stderr
    passwd = (tmp_path / "etc" / "passwd").read_text()
    assert "\nasanq:" in passwd
    assert "\nasanq-kiosk:" in passwd
    group = (tmp_path / "etc" / "group").read_text()
    asanq_line = next(line for line in group.splitlines() if line.startswith("asanq:"))
    assert "asanq-kiosk" in asanq_line  # the kiosk may write the SQLite store
    uid = int(next(line for line in passwd.splitlines() if line.startswith("asanq:")).split(":")[2])
    secrets = tmp_path / "etc" / "asan-queue" / "secrets.env"
    assert secrets.stat().st_uid == uid
    assert (tmp_path / "var" / "lib" / "asan-queue").stat().st_uid == uid
    assert install(tmp_path, "centre", "kiosk").returncode == 0  # users exist: kept


def test_every_unit_passes_systemd_analyze_verify(tmp_path: Path) -> None:
    analyze = require("systemd-analyze", "systemd")
    for args in (
        ["centre", "kiosk"],
        ["display", "--tty", "2"],
        ["staff", "--tty", "3", "--counter", "2"],
        ["central", "--workers", "4"],
    ):
        done = install(tmp_path, *args)
        assert done.returncode == 0, done.stderr
    prepare_for_verify(tmp_path)
    units = sorted(
        p.name
        for p in (tmp_path / "etc" / "systemd" / "system").iterdir()
        if p.is_file() and p.name.startswith("asan-queue")
    )
    assert units == [
        "asan-queue-backup.service",
        "asan-queue-backup.timer",
        "asan-queue-central.service",
        "asan-queue-display.service",
        "asan-queue-kiosk.service",
        "asan-queue-migrate.service",
        "asan-queue-staff.service",
        "asan-queue-sync.service",
        "asan-queue.target",
    ]
    backup = (tmp_path / "etc" / "systemd" / "system" / "asan-queue-backup.service").read_text()
    assert "--store centre --to-dir" in backup
    assert "--store central --to-dir" in backup
    done = subprocess.run(
        [analyze, "verify", f"--root={tmp_path}", "--man=no", *units],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd="/",
    )
    # verify prints unknown keys and bad values as warnings and still exits 0
    assert done.returncode == 0, done.stderr
    assert (done.stderr + done.stdout).strip() == "", done.stderr + done.stdout
