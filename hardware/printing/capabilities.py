"""python-escpos's printer profiles, read from its capabilities file without importing
python-escpos (which costs 0.1–0.5 s of CPU): a start checks the configured profile
name with these; the profile itself is made where bytes are (`encode`)."""

from __future__ import annotations

import json
import os
from functools import lru_cache
from importlib import util
from pathlib import Path

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
def known_profiles() -> list[str]:
    """The printer profiles python-escpos knows, read from its capabilities file:
    naming one is checked at start without paying for python-escpos itself."""
    with capabilities_file().open(encoding="utf-8") as f:
        return sorted(json.load(f)["profiles"])


def check_profile(name: str | None) -> None:
    """ValueError, with the known names, unless python-escpos has profile `name`."""
    if (name or "default") not in known_profiles():
        raise ValueError(
            f"unknown printer profile {name!r}; known profiles include "
            + ", ".join(p for p in known_profiles() if p.startswith(("TM-", "default")))
        )
