"""The officials who receive citizens: seeded from `assets/demo/officials.json`,
read with their parsed reception rule."""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import resources
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from server_sync.domain.reception_days import ReceptionRule, parse_rule
from server_sync.store.reception_tables import reception_officials


@dataclass(frozen=True)
class Official:
    id: str
    organisation: dict[str, str]
    position: dict[str, str]
    full_name: str
    days: str
    hours: str
    centre_id: str
    service_id: str
    capacity: int
    rule: ReceptionRule

    def position_in(self, language: str) -> str:
        return self.position.get(language) or self.position.get("az", "")

    def organisation_in(self, language: str) -> str:
        return self.organisation.get(language) or self.organisation.get("az", "")

    def title(self, language: str) -> str:
        """ "Şöbə müdiri İSGƏNDƏROV ŞAHİN HÜSEYN OĞLU" (the seed's list)."""
        return f"{self.position_in(language)} {self.full_name}"

    @property
    def resource(self) -> str:
        """The slot-counter resource of this official's reception days."""
        return f"reception:{self.id}"


def demo_officials() -> list[dict[str, Any]]:
    text = resources.files("assets").joinpath("demo/officials.json").read_text("utf-8")
    data = json.loads(text)
    organisation = data["organisation"]
    rows = []
    for sort, raw in enumerate(data["officials"]):
        parse_rule(raw["days"], raw["hours"])  # a phrase we cannot read fails the seed
        rows.append(
            {
                "id": raw["id"],
                "organisation": json.dumps(organisation["name"], ensure_ascii=False),
                "position": json.dumps(data["positions"][raw["position"]], ensure_ascii=False),
                "full_name": raw["full_name"],
                "days": raw["days"],
                "hours": raw["hours"],
                "centre_id": organisation["centre"],
                "service_id": raw["service"],
                "capacity": int(raw["capacity"]),
                "sort": sort,
            }
        )
    return rows


def seed_demo_officials(engine: Engine) -> int:
    """Add the demo officials not in the store yet; returns how many were added."""
    added = 0
    with engine.begin() as conn:
        known = set(conn.execute(sa.select(reception_officials.c.id)).scalars())
        for row in demo_officials():
            if row["id"] not in known:
                conn.execute(reception_officials.insert().values(**row))
                added += 1
    return added


def _official(row: Any) -> Official:
    return Official(
        row.id,
        json.loads(row.organisation),
        json.loads(row.position),
        row.full_name,
        row.days,
        row.hours,
        row.centre_id,
        row.service_id,
        int(row.capacity),
        parse_rule(row.days, row.hours),
    )


class Officials:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def all(self) -> list[Official]:
        with self._engine.connect() as conn:
            rows = conn.execute(
                sa.select(reception_officials).order_by(
                    reception_officials.c.sort, reception_officials.c.id
                )
            ).all()
            conn.commit()
        return [_official(r) for r in rows]

    def get(self, official_id: str) -> Official | None:
        return next((o for o in self.all() if o.id == official_id), None)

    def by_id(self) -> dict[str, Official]:
        return {o.id: o for o in self.all()}
