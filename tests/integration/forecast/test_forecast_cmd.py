"""`asan-queue forecast` on a real store (SQLite and PostgreSQL) with weeks of
simulated history, and its slot file taken by IT's real push."""

from __future__ import annotations

import json
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest

from kiosk_app.cli.main import main
from kiosk_app.services.forecast_history import generate_history
from kiosk_app.store import booking_repo, make_engine, read_tx, write_tx
from kiosk_app.store.history_repo import bookings_of_day, past_bookings, past_tickets
from server_sync.it.config_push import ALL, push_catalogue
from server_sync.kernel.catalogue import Catalogue
from server_sync.kernel.clock import BAKU
from server_sync.store import migrate as central_migrate
from server_sync.store.db import create_store_engine
from tests.factories import booking, catalogue

MONDAY = date(2026, 11, 23)
FIRST = MONDAY - timedelta(weeks=3)


@pytest.fixture
def history_url(store_url: str) -> str:
    engine = make_engine(store_url)
    made = generate_history(engine, catalogue(), "baku-1", FIRST, 21, visits_per_day=120)
    assert made.days == 18
    assert made.tickets > 1500
    with write_tx(engine) as conn:  # two bookings already made for the day, one cancelled
        booking_repo.upsert_bookings(
            conn,
            [booking(day=MONDAY, at=time(10, 0)), booking(day=MONDAY, at=time(11, 0))],
            datetime(2026, 11, 20, tzinfo=BAKU),
        )
    engine.dispose()
    return store_url


def test_history_reads_back_in_local_minutes(history_url: str) -> None:
    engine = make_engine(history_url)
    with read_tx(engine) as conn:
        rows = list(past_tickets(conn, "baku-1", FIRST, MONDAY - timedelta(days=1), "Asia/Baku"))
        booked = past_bookings(conn, "baku-1", FIRST, MONDAY - timedelta(days=1))
        today = bookings_of_day(conn, "baku-1", MONDAY)
    engine.dispose()
    assert all(540 <= t.issued < 1140 for t in rows)  # opening hours, local time
    assert all(t.finished is None or t.called <= t.finished for t in rows if t.called)
    no_show = 1 - sum(b.showed for b in booked) / len(booked)
    assert 0.15 < no_show < 0.45  # the 29 % the history was made with
    assert sorted(today) == [("passport", 600), ("passport", 660)]


def test_forecast_prints_the_plan_and_writes_a_catalogue_it_accepts(
    history_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    slots, report = tmp_path / "slots.json", tmp_path / "forecast.json"
    args = ["forecast", "--db", history_url, "--centre", "baku-1", "--date", "2026-11-23"]
    code = main([*args, "--replications", "8", "--slots-file", str(slots), "--json", str(report)])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "Counters needed" in out
    assert "18:00" in out
    assert "simulated days in" in err  # the progress bar finished
    assert f"asan-queue it push-catalogue {slots} --all" in out
    data = json.loads(report.read_text("utf-8"))
    assert data["bookings"] == 2
    assert data["replications"] == 8
    assert {tuple(g["counters"]) for g in data["counters_needed"]} == {(1,), (2,), (3,)}
    assert data["within_target_percent"]["mean"] >= 80
    by_service = data["counters_needed_by_service"]
    assert set(by_service) == {"passport", "residence", "water"}
    assert set(by_service["water"]) == {str(h) for h in range(9, 19)}
    document = json.loads(slots.read_text("utf-8"))
    checked = Catalogue.from_dict(document)
    rules = checked.rules.values_for("baku-1", "passport")
    assert rules["counters"] >= 1
    assert 0 < rules["online_share"] <= 1
    assert "water" not in {r["service"] for r in document["booking_rules"]}  # not bookable
    central = create_store_engine(f"sqlite:///{tmp_path / 'central.db'}", 2)
    central_migrate.upgrade(central)
    assert push_catalogue(central, document, ALL, datetime.now(BAKU), "forecast") > 0
    central.dispose()


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--date", "2026-12-31"], "closed on 2026-12-31"),
        (["--date", "2026-11-23", "--centre", "nowhere"], "'nowhere' is not in the store"),
        (["--date", "2026-11-23", "--replications", "0"], "between 1 and 1000"),
        (["--date", "2026-11-23", "--slots-file", "/no/such/dir/x.json"], "folder does not"),
    ],
)
def test_bad_requests_get_one_clear_line(
    store_url: str, extra: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["forecast", "--db", store_url, "--quiet"]
    if "--centre" not in extra:
        args += ["--centre", "baku-1"]
    assert main([*args, *extra]) != 0
    err = capsys.readouterr().err
    assert message in err
    assert "Traceback" not in err


def test_seed_demo_simulates_history_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:///{tmp_path / 'centre.db'}"
    assert main(["db", "upgrade", "--db", url]) == 0
    seed = ["db", "seed-demo", "--db", url, "--bookings", "0", "--history-days", "2"]
    assert main(seed) == 0
    first = capsys.readouterr().out
    assert "simulated history:" in first
    assert " 0 tickets" not in first
    assert main(seed) == 0  # again: the days already made are left as they are
    assert "simulated history: 0 tickets on 0 days" in capsys.readouterr().out
    assert main([*seed[:-1], "401"]) != 0
    assert "between 0 and 400" in capsys.readouterr().err
