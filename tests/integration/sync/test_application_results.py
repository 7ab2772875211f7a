"""The counter and an application across the sync link (issue 17, items 6 and 7):
the centre opens the application from the central service on demand (personal data
masked until revealed, every opening audited), fetches a file by reference, records
the result in its outbox; with the link down the result waits, then reaches the
central service exactly once (a re-delivery is a duplicate), the status changes and
the citizen's e-mail is queued once."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa

from kiosk_app.services.staff.application_desk import ApplicationDesk, ResultRefused
from kiosk_app.store import tables
from server_sync.store.tables import mail_outbox
from server_sync.sync import SyncClient
from server_sync.sync.client import CentralUnavailable
from server_sync.sync.protocol import OutboxEvent, PushBatch
from tests.integration.server_sync.application_helpers import (
    AZERSU,
    AZERSU_ANSWERS,
    application_catalogue,
    pdf_bytes,
)
from tests.integration.sync.conftest import World


def registered(world: World, tmp_path: Path, picture: bytes = b"") -> tuple[str, str]:
    """An Azərsu application with akt.pdf (and sayğac.png when `picture` is given);
    returns its number and the PDF's hash."""
    services = world.app.state.services
    services.catalogue.publish(application_catalogue(), world.central_clock.now())
    apps = services.applications
    apps.files.root = tmp_path / "attachments"
    budget = apps.budget(apps.form_of(AZERSU)[1])
    staged = []
    for name, data in (("akt.pdf", pdf_bytes()), ("sayğac.png", picture)):
        if data:
            incoming = apps.files.incoming("files", name, budget)
            incoming.write(data)
            staged.append(incoming.finish())
    done = apps.submit(AZERSU, AZERSU_ANSWERS, ("baku-sukanal", "subscribers"), staged, "az")
    return done.number, staged[0].sha256


def result_mails(world: World) -> int:
    with world.central.connect() as conn:
        return int(
            conn.execute(
                sa.select(sa.func.count()).where(mail_outbox.c.kind == "application_result")
            ).scalar_one()
        )


def test_counter_opens_records_and_the_result_arrives_once(world: World, tmp_path: Path) -> None:
    number, sha = registered(world, tmp_path)
    client = SyncClient(world.proxy.url, world.token, 5)
    world.agents.append(client)
    desk = ApplicationDesk(world.centre, client, world.centre_clock)

    masked = desk.open(number, "op-1", ticket_id=None)
    assert masked is not None
    assert masked.answers["fin"] == "7••••••"
    assert masked.answers["address"] == "Bakı, •••"  # the street is personal data
    revealed = desk.open(number, "op-1", reveal=True)
    assert revealed is not None
    assert revealed.answers["fin"] == "7AZ1B2C"
    assert revealed.answers["address"] == AZERSU_ANSWERS["address"]
    assert desk.file(number, 1, sha, "op-1") == pdf_bytes()
    assert desk.open("AZERSU-2026-999999", "op-1") is None
    with world.centre.connect() as conn:
        actions = [r.action for r in conn.execute(sa.select(tables.audit_log)).all()]
    assert actions.count("application_opened") == 2
    assert "application_revealed" in actions
    assert "application_file" in actions

    with pytest.raises(ResultRefused, match="reason_required"):
        desk.record_result(number, "refused", "  ", "op-1")
    key = desk.record_result(number, "refused", "Sənəd çatışmır", "op-1")

    world.proxy.mode = "down"  # the link drops: the result waits in the outbox
    with pytest.raises(CentralUnavailable):
        world.agent().push_outbox()
    assert world.centre_event_keys(unsent_only=True) == [key]
    apps = world.app.state.services.applications
    view = apps.view(number)
    assert view is not None
    assert view.status == "registered"

    world.proxy.mode = "pass"
    assert world.agent().push_outbox() == 1
    view = apps.view(number)
    assert view is not None
    assert view.status == "refused"
    assert view.result_reason == "Sənəd çatışmır"
    assert result_mails(world) == 1

    again = OutboxEvent(
        key=key,
        seq=1,
        kind="application_result",
        at=world.centre_clock.now(),
        payload={"application_number": number, "status": "refused", "reason": "x", "by": "op-1"},
    )
    answer = client.push(PushBatch(centre_id="baku-1", events=[again]))
    assert answer.duplicates == 1
    assert result_mails(world) == 1  # exactly once


def test_an_application_of_a_service_the_centre_lacks_is_not_shown(
    world: World, tmp_path: Path
) -> None:
    number, _sha = registered(world, tmp_path)
    other = SyncClient(world.proxy.url, world.token, 5)
    world.agents.append(other)
    data = application_catalogue()
    centre = next(c for c in data["centres"] if c["id"] == "baku-1")
    centre["services"].remove(AZERSU)
    for counter in centre["counters"]:
        counter["services"] = [s for s in counter["services"] if s != AZERSU]
    world.app.state.services.catalogue.publish(data, world.central_clock.now())
    assert other.application(number) is None
