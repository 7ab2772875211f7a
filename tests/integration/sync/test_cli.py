"""`asan-queue it …` and `asan-queue sync` as IT and a centre use them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kiosk_app.cli.main import main
from server_sync.kernel.clock import SystemClock
from tests.factories import catalogue_dict
from tests.integration.sync.conftest import World


def test_it_tokens_status_and_pushes(
    world: World,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    db = str(world.central.url.render_as_string(hide_password=False))
    assert main(["it", "token", "issue", "--centre", "gence", "--db", db]) == 0
    token = capsys.readouterr().out.strip().splitlines()[-1]
    assert token.startswith("asq1_")
    world.central_clock.set(SystemClock().now())  # the CLI reads the real clock
    world.agent().run_round()  # baku-1 reports in
    assert main(["it", "status", "--db", db]) == 0
    table = capsys.readouterr().out
    lines = {line.split()[0]: line for line in table.splitlines() if line.strip()}
    assert "ok" in lines["baku-1"].split()[1]
    assert "STALE" in lines["gence"]
    assert "1 stale" in table
    catalogue_file = tmp_path / "catalogue.json"
    catalogue_file.write_text(json.dumps(catalogue_dict()), encoding="utf-8")
    assert main(["it", "push-catalogue", str(catalogue_file), "--all", "--db", db]) == 0
    assert "queued for all centres" in capsys.readouterr().out
    world.agent().run_round()
    assert main(["it", "pushes", "--db", db]) == 0
    history = capsys.readouterr().out
    assert "applied: baku-1" in history
    assert "waiting: gence" in history
    bad = tmp_path / "bad.json"
    bad.write_text('{"centres": [{"id": 1}]}', encoding="utf-8")
    assert main(["it", "push-catalogue", str(bad), "--centre", "gence", "--db", db]) == 2
    assert "refused" in capsys.readouterr().err
    assert main(["it", "token", "revoke", "--centre", "gence", "--db", db]) == 0
    assert "revoked 1" in capsys.readouterr().out
    monkeypatch.setattr("sys.stdin", __import__("io").StringIO("long enough secret\n"))
    assert main(["it", "user", "leyla", "--password-stdin", "--db", db]) == 0


def test_sync_once_and_a_refused_token(
    world: World, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    world.add_booking()
    centre_db = world.centre.url.render_as_string(hide_password=False)
    monkeypatch.setenv("ASANQ_SYNC__TOKEN", world.token)
    args = [
        "sync",
        "--once",
        "--central",
        world.server.url,
        "--db",
        centre_db,
        "--centre",
        "baku-1",
    ]
    assert main(args) == 0
    assert "pulled 1 bookings" in capsys.readouterr().out
    monkeypatch.setenv("ASANQ_SYNC__TOKEN", "asq1_revoked")
    assert main(args) == 2
    assert "refused the token of baku-1" in capsys.readouterr().err
    monkeypatch.delenv("ASANQ_SYNC__TOKEN")
    assert main(args) == 2
    assert "no sync token" in capsys.readouterr().err


def test_demo_agent_provisions_its_own_token_and_it_user(
    world: World, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    world.add_booking()
    monkeypatch.setenv("ASANQ_DEMO", "true")
    monkeypatch.delenv("ASANQ_SYNC__TOKEN", raising=False)
    monkeypatch.setenv("ASANQ_SERVER__DB_URL", world.central.url.render_as_string(False))
    args = [
        "sync",
        "--once",
        "--central",
        world.server.url,
        "--centre",
        "baku-1",
        "--db",
        world.centre.url.render_as_string(hide_password=False),
    ]
    assert main(args) == 0
    assert main(args) == 0  # the second start finds the token already there
    out = capsys.readouterr().out
    assert "user it, password asan-demo-it" in out
    assert "pulled 1 bookings" in out
