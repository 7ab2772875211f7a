"""Seeding the demo identity registry's people (`assets/demo/citizens.json`)."""

from __future__ import annotations

import json
from datetime import date
from importlib import resources
from typing import Any

from sqlalchemy.engine import Engine

from server_sync.store import account_sql


def demo_people() -> list[dict[str, Any]]:
    text = resources.files("assets").joinpath("demo/citizens.json").read_text("utf-8")
    people: list[dict[str, Any]] = json.loads(text)["people"]
    return [{**p, "birth_date": date.fromisoformat(p["birth_date"])} for p in people]


def seed_demo_people(engine: Engine) -> int:
    """Add the demo people not in `demo_citizens` yet; returns how many were added."""
    with engine.begin() as conn:
        return account_sql.seed_demo_people(conn, demo_people())
