"""The lean booking path answers exactly like the documented FastAPI route."""

from __future__ import annotations

from pathlib import Path

import httpx

from server_sync.kernel.clock import FixedClock
from tests.integration.server_sync.helpers import config, form, prepared_app, running

CASES: list[tuple[dict[str, str], bytes | None, dict[str, str]]] = [
    ({}, b"{nope", {"content-type": "application/json"}),
    ({}, b"[1, 2]", {"content-type": "application/json"}),
    ({}, b"{}", {"content-type": "text/plain"}),
    ({}, b'{"first_name": 5, "language": "ru"}', {"content-type": "application/json"}),
    (form("000000", "a@mail.az", first_name="X", date="2026-11-23"), None, {}),
    (form("000000", "a@mail.az", language="en"), None, {"accept-language": "ru"}),
    (form("000000", "a@mail.az"), None, {"cookie": "lang=en"}),
]


def answers(tmp_path: Path, clock: FixedClock, fast: bool) -> list[tuple[int, object]]:
    app = prepared_app(config(f"sqlite:///{tmp_path / f'{fast}.db'}", jobs=False, fast=fast), clock)
    app.state.services.codes.issue("a@mail.az")
    out = []
    with running(app) as url, httpx.Client(base_url=url) as http:
        for body, raw, headers in CASES:
            if raw is None:
                response = http.post("/api/v1/bookings", json=body, headers=headers)
            else:
                response = http.post("/api/v1/bookings", content=raw, headers=headers)
            out.append((response.status_code, response.json()))
    return out


def test_both_paths_give_the_same_answers(tmp_path: Path, clock: FixedClock) -> None:
    lean = answers(tmp_path, clock, fast=True)
    framework = answers(tmp_path, clock, fast=False)
    assert lean == framework
    assert [status for status, _ in lean] == [422] * 7
