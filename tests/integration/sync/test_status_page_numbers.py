"""The status page says what the paper ticket and the kiosk screen said: the
people ahead from the real dispatch (a ticket of another service that the same
counter calls first counts) and the same minutes, through the real sync."""

from __future__ import annotations

import httpx

from kiosk_app.services.kiosk.ticket_desk import Issued
from server_sync.kernel.i18n import Translator
from server_sync.kernel.wording import estimated_wait, people_ahead
from tests.integration.sync.conftest import World

AZ = Translator("az")


def test_the_status_page_says_the_tickets_people_ahead_and_minutes(world: World) -> None:
    residence = world.add_booking(service="residence")  # served at counter 1, with passports
    agent = world.agent()
    agent.run_round()
    desk = world.desk()
    first = desk.issue_walk_in("passport")
    booked = desk.check_in(residence)  # called first: its slot gives it a head start
    mine = desk.issue_walk_in("passport")
    water = desk.issue_walk_in("water")
    assert isinstance(first, Issued)
    assert isinstance(booked, Issued)
    assert isinstance(mine, Issued)
    assert isinstance(water, Issued)
    assert mine.estimate.people_ahead == 2  # A001 and the residence booking, not A001 alone
    assert water.estimate.people_ahead == 0
    agent.run_round()
    with httpx.Client(base_url=world.server.url) as http:
        page = http.get(f"/t/baku-1/2026-11-23/{mine.ticket.display}?lang=az").text
        assert people_ahead(AZ, 2) in page
        assert estimated_wait(AZ, mine.estimate.minutes) in page
        page = http.get(f"/t/baku-1/2026-11-23/{water.ticket.display}?lang=az").text
        assert AZ("status.next") in page
