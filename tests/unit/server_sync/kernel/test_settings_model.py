"""The settings sections' validator: what a file or the environment may say, and
what is refused, with which message."""

from __future__ import annotations

import pickle
from typing import ClassVar, Literal

import pytest

from hardware.config import PrinterSettings
from server_sync.kernel.settings_model import (
    Section,
    SettingsInvalid,
    as_data,
    evolve,
    fields_of,
    replaced,
    setting,
    validated,
)


class Inner(Section):
    """A nested section."""

    port: int = setting(default=25, ge=1, le=65535, doc="the port")
    ratio: float = setting(default=0.5, gt=0, lt=1)


class Outer(Section):
    name: str = "centre"
    on: bool = True
    width: Literal[58, 80] = 80
    token: str | None = setting(default=None, secret=True)
    hosts: list[str] = setting(default_factory=list)
    caps: dict[str, int] = setting(default_factory=dict)
    inner: Inner = setting(default_factory=Inner)
    json_lines: bool = setting(default=False, key="json")

    MOVED: ClassVar[dict[str, str]] = {"old_port": "inner.port"}

    def __post_init__(self) -> None:
        if self.name == "nobody":
            raise ValueError("a centre needs a name")


def problems(data: dict[str, object]) -> list[tuple[str, str]]:
    with pytest.raises(SettingsInvalid) as caught:
        validated(Outer, data)
    return caught.value.problems


def test_text_from_the_environment_becomes_numbers_and_yes_no() -> None:
    got = validated(
        Outer,
        {"on": "off", "width": "58", "inner": {"port": " 2525 ", "ratio": "0.25"}, "json": "yes"},
    )
    assert (got.on, got.width, got.inner.port, got.inner.ratio, got.json_lines) == (
        False,
        58,
        2525,
        0.25,
        True,
    )


def test_defaults_fill_what_is_not_given_and_each_list_is_its_own() -> None:
    a, b = validated(Outer, {}), validated(Outer, {})
    assert a == Outer()
    assert a.inner == Inner(port=25)
    assert a.hosts is not b.hosts


@pytest.mark.parametrize(
    ("data", "where", "says"),
    [
        ({"inner": {"port": 0}}, "inner.port", "at least 1"),
        ({"inner": {"port": 70000}}, "inner.port", "at most 65535"),
        ({"inner": {"ratio": 1}}, "inner.ratio", "less than 1"),
        ({"inner": {"ratio": "nan"}}, "inner.ratio", "finite"),
        ({"inner": {"port": "twenty"}}, "inner.port", "whole number"),
        ({"inner": {"port": 2.5}}, "inner.port", "whole number"),
        ({"inner": {"port": True}}, "inner.port", "whole number"),
        ({"on": "maybe"}, "on", "true or false"),
        ({"width": 72}, "width", "one of 58, 80"),
        ({"name": 5}, "name", "text"),
        ({"hosts": "a,b"}, "hosts", "a list"),
        ({"caps": {"x": "many"}}, "caps", "whole number"),
        ({"inner": 3}, "inner", "table of settings"),
        ({"naem": "x"}, "naem", "did you mean name?"),
        ({"old_port": 26}, "old_port", "moved to inner.port"),
        ({"name": "nobody"}, "", "a centre needs a name"),
    ],
)
def test_what_does_not_fit_is_refused_with_its_key(data, where, says) -> None:
    ((got_where, message),) = problems(data)
    assert got_where == where
    assert says in message


def test_every_problem_is_reported_at_once() -> None:
    found = problems({"on": 3, "inner": {"port": -1, "ratio": 2}, "extra": 1})
    assert [where for where, _ in found] == ["on", "inner.port", "inner.ratio", "extra"]


def test_sections_are_read_only_and_keyword_only() -> None:
    section = Outer()
    with pytest.raises(AttributeError, match="read-only"):
        section.name = "other"  # type: ignore[misc]
    with pytest.raises(TypeError, match="no setting colour"):
        Outer(colour="red")  # type: ignore[call-arg]


def test_repr_hides_secrets() -> None:
    shown = repr(Outer(token="s3cr3t-value"))
    assert "s3cr3t-value" not in shown
    assert "token='***'" not in shown
    assert "token=***" in shown
    assert "token=None" in repr(Outer())


def test_as_data_round_trips_with_file_keys_and_replaced_validates() -> None:
    section = Outer(hosts=["a"], json_lines=True, inner=Inner(port=26))
    data = as_data(section)
    assert data["json"] is True
    assert "json_lines" not in data
    assert validated(Outer, data) == section
    assert replaced(section, {"name": "gence"}).name == "gence"
    with pytest.raises(SettingsInvalid):
        replaced(section, {"width": 60})
    assert pickle.loads(pickle.dumps(section)) == section


def test_hardware_dataclass_sections_read_the_same_way() -> None:
    keys = {f.name: f for f in fields_of(PrinterSettings)}
    assert keys["status_timeout_s"].limits == {"gt": 0, "le": 30}
    assert validated(PrinterSettings, {"paper_width_mm": "58"}).paper_width_mm == 58
    with pytest.raises(SettingsInvalid, match="print_timeout_s: must be at most 300"):
        validated(PrinterSettings, {"print_timeout_s": 301})


def test_evolve_swaps_checked_values_without_reading_them_again() -> None:
    section = Outer(hosts=["a"])
    assert evolve(section, {}) is section
    changed = evolve(section, {"inner": Inner(port=2525)})
    assert (changed.inner.port, changed.hosts) == (2525, ["a"])
    assert section.inner.port == 25  # the original is untouched
    assert evolve(PrinterSettings(), {"url": "dummy://"}).url == "dummy://"
