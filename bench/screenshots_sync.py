"""Screenshots of the IT page and the ticket's live status page (headless Chromium).

    .venv/bin/python bench/screenshots_sync.py [--out var/screenshots/sync]

Builds a throw-away central store and centre store, runs the real sync agent
over HTTP (a busy baku-1 with a paper alert and a conflict, gence never
reporting), then photographs /it (desktop) and /t/… (phone, az/ru/en,
waiting and called) with Playwright driving /usr/bin/chromium.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from playwright.sync_api import sync_playwright

from kiosk_app.services.kiosk.ticket_desk import Issued
from kiosk_app.store import tables
from kiosk_app.store.engine import write_tx
from server_sync.it.config_push import ALL, push_catalogue, push_hours
from server_sync.it.users import set_password
from server_sync.kernel.clock import BAKU
from server_sync.sync.protocol import OutboxEvent, PushBatch
from server_sync.sync_api.tokens import issue_token
from tests.factories import catalogue_dict
from tests.integration.sync.conftest import World, build_world

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def busy_centre(world: World) -> tuple[str, str]:
    """A morning at baku-1; returns (a waiting ticket, a called ticket)."""
    now = world.central_clock.now()
    issue_token(world.central, "gence", now, "Gəncə server")
    push_catalogue(world.central, catalogue_dict(), ALL, now, "Yeni xidmət vaxtları")
    push_hours(
        world.central, {"hours": {"mon": [["09:00", "18:00"]]}}, "gence", now, "Bazar ertəsi"
    )
    codes = [world.add_booking() for _ in range(3)]
    with write_tx(world.centre) as conn:
        for device, paper, state in (
            ("kiosk-1", "ok", "online"),
            ("kiosk-2", "near_end", "online"),
            ("display-1", None, None),
        ):
            conn.execute(
                tables.devices.insert().values(
                    device_id=device,
                    kind=device.split("-")[0],
                    version="1.0.3",
                    last_seen=world.centre_clock.now(),
                    printer_state=state,
                    paper=paper,
                    cover_open=False,
                    alert=None,
                    details={},
                )
            )
    agent = world.agent()
    agent.run_round()
    desk = world.desk()
    tickets = []
    for _ in range(7):
        issued = desk.issue_walk_in("passport")
        assert isinstance(issued, Issued)
        tickets.append(issued.ticket)
    checked = desk.check_in(codes[0])
    assert isinstance(checked, Issued)
    with write_tx(world.centre) as conn:  # counter 2 calls the first ticket
        conn.exec_driver_sql(
            "UPDATE tickets SET status='called', counter=2, called_at=issued_at WHERE id=?",
            (tickets[0].id,),
        )
    twin = OutboxEvent(
        key="restored-backup-1",
        seq=10**6,
        kind="check_in",
        at=world.centre_clock.now(),
        booking_code=codes[0],
    )
    agent.run_round()
    agent.client.push(PushBatch(centre_id="baku-1", events=[twin]))
    agent.heartbeat_if_due()
    return tickets[5].display, tickets[0].display


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default="var/screenshots/sync")
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix="asanq-shots-"))
    worlds = build_world(f"sqlite:///{tmp / 'central.db'}", f"sqlite:///{tmp / 'centre.db'}")
    world = next(worlds)
    try:
        waiting, called = busy_centre(world)
        world.central_clock.set(datetime(2026, 11, 23, 10, 1, tzinfo=BAKU))
        set_password(world.central, "leyla", "correct horse battery", world.central_clock.now())
        base = world.server.url
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            desktop = browser.new_page(viewport={"width": 1440, "height": 900})
            desktop.goto(f"{base}/it/sign-in")
            desktop.screenshot(path=str(out / "01-it-sign-in.png"))
            desktop.fill("#username", "leyla")
            desktop.fill("#password", "correct horse battery")
            desktop.click("button[type=submit]")
            desktop.wait_for_url("**/it?**")
            desktop.goto(f"{base}/it?lang=az")
            desktop.screenshot(path=str(out / "02-it-overview-az.png"), full_page=True)
            desktop.goto(f"{base}/it?lang=en")
            desktop.screenshot(path=str(out / "03-it-overview-en.png"), full_page=True)
            phone = browser.new_page(viewport={"width": 390, "height": 844}, device_scale_factor=2)
            shots = [
                ("04-status-waiting-az", waiting, "az"),
                ("05-status-waiting-ru", waiting, "ru"),
                ("06-status-called-en", called, "en"),
                ("07-status-called-az", called, "az"),
                ("08-status-unknown-az", "B999", "az"),
            ]
            for name, number, lang in shots:
                phone.goto(f"{base}/t/baku-1/2026-11-23/{number}?lang={lang}")
                phone.screenshot(path=str(out / f"{name}.png"), full_page=True)
            browser.close()
        print(f"screenshots in {out}")
    finally:
        for _ in worlds:
            pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
