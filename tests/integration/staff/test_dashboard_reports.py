"""The management screen's figures and the CSV report, from a small real day."""

from __future__ import annotations

import csv
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import insert

from kiosk_app.domain.counter import CounterState
from kiosk_app.services.staff.dashboard import ManagerDashboard
from kiosk_app.services.staff.reports import build_report, write_csv
from kiosk_app.store import tables, write_tx
from server_sync.kernel.clock import BAKU
from tests.factories import catalogue
from tests.integration.staff.conftest import Centre


def small_day(c: Centre) -> None:
    """Three passport visitors: waits of 5, 12 and 20 minutes; one no-show."""
    c.clock.set(datetime(2026, 11, 23, 9, 0, tzinfo=BAKU))
    for _ in range(4):
        c.kiosk.issue_walk_in("passport")
    desk = c.desk(2)
    desk.open()
    for wait_until, serve in ((5, 6), (12, 8), (20, 0)):
        c.clock.set(datetime(2026, 11, 23, 9, wait_until, tzinfo=BAKU))
        desk.call_next()
        if serve:
            desk.start()
            c.clock.advance(minutes=serve)
            desk.finish()
        else:
            desk.no_show()
    c.clock.set(datetime(2026, 11, 23, 9, 40, tzinfo=BAKU))


def test_dashboard_shows_the_days_figures_and_alerts(centre: Centre) -> None:
    small_day(centre)
    with write_tx(centre.engine) as conn:
        conn.execute(
            insert(tables.devices).values(
                device_id="kiosk-2",
                kind="kiosk",
                version="0.1",
                last_seen=centre.clock.now(),
                printer_state="online",
                paper="out",
                cover_open=False,
                alert=None,
                details={},
            )
        )
    dash = ManagerDashboard(centre.engine, centre.clock, catalogue(), "baku-1", 15).snapshot()
    f = dash.figures
    assert (f.issued, f.served, f.no_show, f.waiting) == (4, 2, 1, 1)
    assert round(f.average_wait, 2) == round((5 + 12 + 20) / 3, 2)
    assert f.p90_wait == 20
    assert f.average_service == 7
    assert f.within_target_percent == 100.0  # both served visitors were called within 15 min
    passport = next(q for q in dash.queues if q.service_id == "passport")
    assert passport.waiting == 1
    assert round(passport.longest_wait) == 40
    assert [c.state for c in dash.counters if c.number == 2] == [CounterState.OPEN]
    keys = {a.key for a in dash.alerts}
    assert "paper_out" in keys
    assert "wait_over_target" in keys
    assert [round(p.hour, 1) for p in f.curve] == [9.0]


def test_csv_report_has_a_bom_and_azerbaijani_text(centre: Centre, tmp_path: Path) -> None:
    small_day(centre)
    report = build_report(
        centre.engine,
        catalogue(),
        "baku-1",
        date(2026, 11, 23),
        date(2026, 11, 23),
        target_wait_minutes=15,
    )
    out = tmp_path / "r.csv"
    write_csv(report, out)
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(out.read_text("utf-8-sig").splitlines()))
    assert rows[0][0] == "Növbə hesabatı"
    assert ["Verilmiş biletlər", "4"] in rows
    assert any(r[:2] == ["2026-11-23", "A001"] and "Xidmət göstərilib" in r for r in rows)
    assert any(r[:2] == ["2026-11-23", "A003"] and "Gəlmədi" in r for r in rows)


def test_a_range_csv_has_a_line_per_day_and_service_names(centre: Centre, tmp_path: Path) -> None:
    small_day(centre)
    centre.clock.set(datetime(2026, 11, 24, 9, 0, tzinfo=BAKU))
    centre.kiosk.issue_walk_in("passport")
    cat = catalogue()
    report = build_report(
        centre.engine, cat, "baku-1", date(2026, 11, 23), date(2026, 11, 24), target_wait_minutes=15
    )
    out = tmp_path / "r.csv"
    write_csv(report, out)
    rows = list(csv.reader(out.read_text("utf-8-sig").splitlines()))
    per_day = {r[0]: r[1] for r in rows if len(r) == 7 and r[0].startswith("2026-11-2")}
    assert per_day == {"2026-11-23": "4", "2026-11-24": "1"}
    tickets = [r for r in rows if len(r) == 11 and r[0].startswith("2026-11-2")]
    assert {r[0] for r in tickets} == {"2026-11-23", "2026-11-24"}
    assert {r[2] for r in tickets} == {cat.services["passport"].name("az")}
