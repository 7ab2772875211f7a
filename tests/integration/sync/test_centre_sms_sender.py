"""The centre's SMS sender runs in the sync agent process and needs no central
service: with the WAN down (nothing listens at sync.central_url) the centre's queued
"your turn is near" SMS still go out through the centre's own sms.url."""

from __future__ import annotations

from pathlib import Path

from kiosk_app.composition.sync_agent import open_agent
from kiosk_app.settings import Settings
from kiosk_app.store import make_engine, turn_notice_repo, write_tx
from server_sync.kernel.clock import FixedClock
from server_sync.store.sms_sql import QueuedSms, enqueue_sms
from tests.integration.server_sync.helpers import free_port, wait_for


def test_the_centre_sends_its_sms_with_the_wan_down(
    store_url: str, clock: FixedClock, tmp_path: Path
) -> None:
    engine = make_engine(store_url)
    with write_tx(engine) as conn:
        sms = QueuedSms("turn_near", "+994701234567", "az", "ASAN: A005, növbəniz yaxınlaşır.")
        enqueue_sms(conn, turn_notice_repo.outbox_table(), sms, clock.now(), "s")
    engine.dispose()
    settings = Settings().with_overrides(
        {
            "db.url": store_url,
            "sync.central_url": f"http://127.0.0.1:{free_port()}",  # the WAN is down
            "sms.url": f"file://{tmp_path / 'sms'}",
            "turn_sms.send_interval_s": 0.1,
        }
    )
    process = open_agent(settings, "token", clock=clock)
    assert process.sms is not None
    try:
        process.start_sms()
        files = wait_for(lambda: list((tmp_path / "sms").glob("*.txt")), what="the SMS file")
    finally:
        process.close()
    assert "növbəniz yaxınlaşır" in files[0].read_text(encoding="utf-8")
    assert process.sms.pending() == 0
