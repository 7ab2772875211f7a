"""The check-in window: one rule, set centrally, carried by the catalogue."""

from __future__ import annotations

from datetime import datetime

import pytest

from server_sync.kernel.catalogue import Catalogue
from server_sync.kernel.checkin_window import CheckInWindow, WindowPosition
from server_sync.kernel.clock import BAKU
from tests.factories import catalogue_dict

SLOT = datetime(2026, 11, 23, 11, 0, tzinfo=BAKU)


@pytest.mark.parametrize(
    ("hh", "mm", "position"),
    [
        (10, 29, WindowPosition.EARLY),
        (10, 30, WindowPosition.OPEN),
        (11, 0, WindowPosition.OPEN),
        (11, 1, WindowPosition.LATE),
    ],
)
def test_default_window_is_30_minutes_before_until_the_slot(
    hh: int, mm: int, position: WindowPosition
) -> None:
    window = CheckInWindow()
    assert window.position(datetime(2026, 11, 23, hh, mm, tzinfo=BAKU), SLOT) is position
    assert window.opens_at(SLOT) == datetime(2026, 11, 23, 10, 30, tzinfo=BAKU)
    assert window.closes_at(SLOT) == SLOT


def test_grace_keeps_the_window_open_after_the_slot() -> None:
    window = CheckInWindow(before_minutes=15, grace_minutes=10)
    assert window.opens_at(SLOT).strftime("%H:%M") == "10:45"
    assert window.closes_at(SLOT).strftime("%H:%M") == "11:10"
    assert window.position(datetime(2026, 11, 23, 11, 10, tzinfo=BAKU), SLOT) is WindowPosition.OPEN


@pytest.mark.parametrize("bad", [-1, 24 * 60 + 1])
def test_window_minutes_are_bounded(bad: int) -> None:
    with pytest.raises(ValueError, match="0..1440"):
        CheckInWindow(before_minutes=bad)


def test_catalogue_window_per_centre_and_service_over_the_central_default() -> None:
    data = catalogue_dict()
    data["checkin_window"] = {"before_minutes": 20, "grace_minutes": 5}
    data["booking_rules"] = [
        {"centre": "baku-1", "service": "*", "checkin_before_minutes": 60},
        {"centre": "baku-1", "service": "passport", "checkin_grace_minutes": 0},
        {"centre": "gence", "service": "passport", "checkin_before_minutes": "soon"},
    ]
    cat = Catalogue.from_dict(data)
    assert cat.checkin_window("baku-1", "passport") == CheckInWindow(60, 0)
    assert cat.checkin_window("baku-1", "residence") == CheckInWindow(60, 5)
    assert cat.checkin_window("gence", "passport") == CheckInWindow(20, 5)  # bad value skipped
    again = Catalogue.from_dict(cat.to_dict())
    assert again == cat
    assert again.checkin_window("baku-1", "passport") == CheckInWindow(60, 0)


def test_a_catalogue_without_a_window_has_the_seed_default() -> None:
    assert Catalogue.from_dict(catalogue_dict()).checkin == CheckInWindow(30, 0)
