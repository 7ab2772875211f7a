from __future__ import annotations

from datetime import date, datetime

import pytest

from server_sync.catalogue_data import load_catalogue_file, load_demo_catalogue
from server_sync.kernel.catalogue import Catalogue, CatalogueError
from server_sync.kernel.clock import BAKU
from tests.factories import catalogue, catalogue_dict


def test_demo_catalogue_is_the_asan_network() -> None:
    demo = load_demo_catalogue()
    assert len(demo.centres) == 21
    assert len(demo.agencies) >= 12
    assert len(demo.services) >= 40
    names = " ".join(a.name.az for a in demo.agencies.values())
    assert "Azərsu" in names
    assert "Azərişıq" in names
    for service in demo.services.values():
        assert service.name.az
        assert service.name.ru
        assert service.name.en
        assert demo.centres_offering(service.id), f"{service.id} is offered nowhere"
    for centre in demo.centres.values():
        assert centre.timezone == "Asia/Baku"
        for sid in centre.service_ids:
            assert centre.counters_for(sid), f"{centre.id}: nobody serves {sid}"
        monday = date(2026, 11, 23)
        assert centre.hours.is_open_day(monday)
        assert not centre.hours.is_open_day(date(2026, 1, 1)), "New Year is a holiday"


def test_catalogue_round_trips_through_its_data_shape() -> None:
    assert Catalogue.from_dict(catalogue().to_dict()) == catalogue()


def test_lunch_breaks_and_hours() -> None:
    gence = catalogue().centres["gence"]
    assert gence.hours.is_open_at(datetime(2026, 11, 23, 12, 59, tzinfo=BAKU))
    assert not gence.hours.is_open_at(datetime(2026, 11, 23, 13, 30, tzinfo=BAKU))
    assert not gence.hours.is_open_at(datetime(2026, 11, 28, 10, 0, tzinfo=BAKU))  # Saturday
    baku = catalogue().centres["baku-1"]
    assert not baku.hours.is_open_at(datetime(2026, 12, 31, 10, 0, tzinfo=BAKU))  # holiday


def test_text_falls_back_to_azerbaijani() -> None:
    service = catalogue().services["passport"]
    assert service.name("ru") == "Выдача паспорта"
    assert service.name("de") == "Pasportun verilməsi"


def _broken(path: list, value: object) -> dict:
    data = catalogue_dict()
    node = data
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    return data


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        (["services", 0, "agency"], "nobody", "unknown agency"),
        (["services", 0, "group"], "Ə", "capital Latin letter"),
        (["services", 0, "average_minutes"], 0, "average_minutes"),
        (["centres", 0, "services"], ["passport", "ghost"], "unknown services ghost"),
        (["centres", 0, "hours", "mon"], [["19:00", "09:00"]], "after it closes"),
        (["centres", 0, "hours", "tue"], [["9am", "19:00"]], "not a HH:MM"),
        (["centres", 0, "holidays"], ["31/12/2026"], "bad holiday"),
        (["centres", 1, "counters"], [{"number": 1, "services": ["water"]}], "not offered"),
        (["agencies", 0, "name"], {"ru": "x"}, "Azerbaijani name is required"),
        (["centres", 0, "id"], "Bakı 1", "lowercase"),
    ],
)
def test_bad_catalogues_are_refused_with_the_entry_named(
    path: list, value: object, message: str
) -> None:
    with pytest.raises(CatalogueError, match=message):
        Catalogue.from_dict(_broken(path, value))


def test_catalogue_file_errors_are_one_line(tmp_path) -> None:
    with pytest.raises(CatalogueError, match="not found"):
        load_catalogue_file(tmp_path / "none.json")
    bad = tmp_path / "bad.json"
    bad.write_text("{oops", encoding="utf-8")
    with pytest.raises(CatalogueError, match="not valid JSON"):
        load_catalogue_file(bad)
