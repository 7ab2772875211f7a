"""Printer profiles (which printer has which cutter, and so on), read from the
capabilities file python-escpos ships, without importing python-escpos (which
costs 0.1–0.5 s of CPU): a start checks the configured profile name with these,
and `encode` asks which cut the printer has."""

from __future__ import annotations

import json
import os
from functools import lru_cache
from importlib import util
from pathlib import Path
from typing import Any

FILE_ENV = "ESCPOS_CAPABILITIES_FILE"


def capabilities_file() -> Path:
    """python-escpos's capabilities file (found without importing python-escpos)."""
    if os.environ.get(FILE_ENV):
        return Path(os.environ[FILE_ENV])
    spec = util.find_spec("escpos")
    assert spec is not None
    assert spec.submodule_search_locations
    return Path(next(iter(spec.submodule_search_locations))) / "capabilities.json"


@lru_cache(maxsize=1)
def _profiles() -> dict[str, Any]:
    with capabilities_file().open(encoding="utf-8") as f:
        profiles: dict[str, Any] = json.load(f)["profiles"]
    return profiles


def known_profiles() -> list[str]:
    """The names of the printer profiles in the capabilities file."""
    return sorted(_profiles())


@lru_cache(maxsize=16)
def profile_features(name: str | None) -> dict[str, bool]:
    """What printer profile `name` (None: "default") can do, e.g. `paperPartCut`."""
    check_profile(name)
    return dict(_profiles()[name or "default"].get("features", {}))


def check_profile(name: str | None) -> None:
    """ValueError, with the known names, unless the capabilities file has profile `name`."""
    if (name or "default") not in _profiles():
        raise ValueError(
            f"unknown printer profile {name!r}; known profiles include "
            + ", ".join(p for p in known_profiles() if p.startswith(("TM-", "default")))
        )
