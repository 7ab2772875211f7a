"""IT's pushes and the screens that run them: "applied" means the running screens
loaded the push, not only that the centre store holds it; settings pushes are
checked centrally and merged at the centre."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest

from kiosk_app.composition.centre import open_centre
from kiosk_app.services.live_config import ConfigWatch, LiveConfig
from kiosk_app.settings import Settings
from server_sync.it.config_push import PushRefused, push_catalogue, push_hours, push_settings
from server_sync.it.overview import overview, push_history
from tests.factories import WEEK, catalogue_dict
from tests.integration.sync.conftest import World

SHORT_MONDAY = {"hours": {**WEEK, "mon": [["09:00", "12:00"]]}}


def _applied(world: World, push_id: int) -> bool:
    history = {h.id: h for h in push_history(world.central, ["baku-1"])}
    return "baku-1" in history[push_id].applied


def _it_config(world: World) -> tuple[int, int]:
    """The CONFIG column of `it status` for baku-1: the version running, pushes pending."""
    (row,) = [
        c
        for c in overview(world.central, world.central_clock.now(), 300)
        if c.centre_id == "baku-1"
    ]
    return row.config_cursor, row.pending_pushes


def test_a_push_is_applied_only_when_the_running_screen_runs_it(world: World) -> None:
    seen: list[LiveConfig] = []
    kiosk = ConfigWatch(world.centre, world.centre_clock, "kiosk", "kiosk-1", seen.append)
    kiosk.check()  # the kiosk is up, on config 0
    push = push_hours(world.central, SHORT_MONDAY, "baku-1", world.central_clock.now())
    agent = world.agent()
    agent.run_round()  # the store holds the push; the kiosk has not looked yet
    assert world.store().cursor().config == push
    assert not _applied(world, push)
    assert _it_config(world) == (push - 1, 1)  # `it status`: "v0 (1 pending)"
    assert kiosk.check()  # it reloads: the new hours, and the cursor they came with
    hours = seen[-1].catalogue.centres["baku-1"].hours
    assert not hours.is_open_at(world.centre_clock.now() + timedelta(hours=3))  # 13:00
    assert seen[-1].config_cursor == push
    agent.run_round()  # the running cursor moved: the heartbeat goes at once
    assert _applied(world, push)
    assert _it_config(world) == (push, 0)
    assert not kiosk.check()  # nothing new: no reload


def test_a_stopped_screen_does_not_hold_the_centre_back(world: World) -> None:
    old = ConfigWatch(world.centre, world.centre_clock, "display", "hall", lambda c: None)
    old.check()
    push = push_hours(world.central, SHORT_MONDAY, "baku-1", world.central_clock.now())
    agent = world.agent()
    agent.run_round()
    assert not _applied(world, push)
    world.centre_clock.set(world.centre_clock.now() + timedelta(minutes=2))  # it died
    agent.run_round()
    assert _applied(world, push)


def test_a_settings_push_reaches_the_centre_settings(world: World) -> None:
    now = world.central_clock.now()
    push_settings(world.central, {"staff": {"max_recalls": 2}}, "baku-1", now)
    push_settings(world.central, {"kiosk": {"idle_seconds": 90}}, "*", now)
    world.agent().run_round()
    url = world.centre.url.render_as_string(hide_password=False)
    ctx = open_centre(Settings().with_overrides({"db.url": url}), world.centre_clock)
    try:
        assert ctx.settings.staff.max_recalls == 2  # the two pushes merge
        assert ctx.settings.kiosk.idle_seconds == 90
        assert ctx.settings.db.url == url  # the rest is the centre's own
    finally:
        ctx.close()


@pytest.mark.parametrize(
    ("data", "why"),
    [
        ({"kiosk": {"exit_pin_hash": "x"}}, "cannot be pushed"),
        ({"kiosk": {"idle_seconds": 1}}, "not within 5..3600"),
        ({"kiosk": {"idle_seconds": "60"}}, "whole number"),
        ({"checkin": {"offer_walk_in_when_late": 1}}, "true or false"),
        ({"kiosk": 5}, "object"),
        ({}, "settings need"),
    ],
)
def test_bad_settings_pushes_are_refused_with_a_reason(
    world: World, data: dict[str, object], why: str
) -> None:
    with pytest.raises(PushRefused, match=why):
        push_settings(world.central, data, "baku-1", world.central_clock.now())


def test_a_settings_push_to_an_unknown_centre_is_refused(world: World) -> None:
    with pytest.raises(PushRefused, match="not in the central catalogue"):
        push_settings(
            world.central, {"staff": {"max_recalls": 2}}, "mars-1", world.central_clock.now()
        )


def test_a_running_staff_console_takes_pushes_without_a_restart(world: World) -> None:
    from kiosk_app.composition.staff import StaffScreens
    from kiosk_app.domain.staff import Role
    from kiosk_app.presenters.kiosk.runner import InlineRunner
    from kiosk_app.services.staff.types import StaffSession
    from server_sync.kernel.i18n import Translator

    url = world.centre.url.render_as_string(hide_password=False)
    ctx = open_centre(Settings().with_overrides({"db.url": url}), world.centre_clock)
    try:
        screens = StaffScreens(ctx, 2, Translator("az"), runner=InlineRunner())
        counter = screens.counter(StaffSession("aysel", "Aysel", Role.OPERATOR))
        desk = screens._desks[0]
        assert desk.max_recalls == 3
        watch = ctx.watch_config("staff", screens.reconfigure, interval_s=0.05)
        now = world.central_clock.now()
        push_settings(world.central, {"staff": {"max_recalls": 1}}, "baku-1", now)
        document = catalogue_dict()
        document["services"][0]["average_minutes"] = 42
        push_catalogue(world.central, document, "*", now)
        agent = world.agent()
        agent.run_round()
        deadline = time.monotonic() + 10
        while desk.max_recalls != 1 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert desk.max_recalls == 1
        first = document["services"][0]["id"]
        assert counter.catalogue.services[first].average_minutes == 42
        assert desk.catalogue.services[first].average_minutes == 42
        assert watch.running is not None
        agent.run_round()
        history = {h.id: h for h in push_history(world.central, ["baku-1"])}
        assert all("baku-1" in h.applied for h in history.values())
    finally:
        ctx.close()
