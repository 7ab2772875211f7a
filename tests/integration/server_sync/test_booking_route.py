"""The one booking route (the documented FastAPI one) answers every malformed or
refused request with 422 and reasons, in the language chosen as documented
(body, then ?lang=, then the cookie, then Accept-Language). These are the cases
the removed lean path had to answer identically."""

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


def answers(tmp_path: Path, clock: FixedClock) -> list[tuple[int, dict[str, str]]]:
    app = prepared_app(config(f"sqlite:///{tmp_path / 'central.db'}", jobs=False), clock)
    app.state.services.codes.issue("a@mail.az")
    out = []
    with running(app) as url, httpx.Client(base_url=url) as http:
        for body, raw, headers in CASES:
            if raw is None:
                response = http.post("/api/v1/bookings", json=body, headers=headers)
            else:
                response = http.post("/api/v1/bookings", content=raw, headers=headers)
            errors = response.json()["errors"]
            out.append((response.status_code, {e["field"]: e["code"] for e in errors}))
            out[-1][1]["message"] = errors[0]["message"]
    return out


def test_bad_bookings_get_reasons_in_the_chosen_language(tmp_path: Path, clock: FixedClock) -> None:
    got = answers(tmp_path, clock)
    assert [status for status, _ in got] == [422] * 7
    assert [codes.get("body") for _, codes in got[:3]] == ["invalid"] * 3
    assert got[3][1]["first_name"] == "invalid"
    assert got[3][1]["last_name"] == "required"
    assert (got[4][1]["first_name"], got[4][1]["date"]) == ("too_short", "date_too_soon")
    assert got[4][1]["message"] == "Çox qısadır (ən azı 2 hərf)."  # Azerbaijani by default
    assert got[5][1]["confirmation_code"] == "code_wrong"
    assert got[5][1]["message"] == "The confirmation code is wrong."  # body wins over header
    assert got[6][1]["message"] == "The confirmation code is wrong."  # then the cookie
