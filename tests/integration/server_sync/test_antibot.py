"""The self-hosted proof-of-work check in front of confirmation codes."""

from __future__ import annotations

import pytest

from server_sync.domain.antibot import solve
from tests.integration.server_sync.conftest import Central


@pytest.fixture
def booking_overrides() -> dict[str, object]:
    return {"antibot": True, "antibot_difficulty_bits": 8}


def test_codes_need_a_solved_challenge_when_switched_on(central: Central) -> None:
    missing = central.http.post("/api/v1/confirmation-codes", json={"email": "a@mail.az"})
    assert missing.status_code == 422
    assert missing.json()["errors"][0]["code"] == "challenge_required"

    challenge = central.http.get("/api/v1/challenges").json()
    assert challenge["enabled"] is True
    nonce = solve(challenge["challenge"], "a@mail.az", challenge["difficulty_bits"])
    wrong_mail = central.http.post(
        "/api/v1/confirmation-codes",
        json={"email": "b@mail.az", "challenge": challenge["challenge"], "nonce": nonce},
    )
    assert wrong_mail.status_code == 422
    last = challenge["challenge"][-1]
    forged_challenge = challenge["challenge"][:-1] + ("1" if last == "0" else "0")
    forged = central.http.post(
        "/api/v1/confirmation-codes",
        json={"email": "a@mail.az", "challenge": forged_challenge, "nonce": nonce},
    )
    assert forged.json()["errors"][0]["code"] == "challenge_invalid"
    ok = central.http.post(
        "/api/v1/confirmation-codes",
        json={"email": "a@mail.az", "challenge": challenge["challenge"], "nonce": nonce},
    )
    assert ok.status_code == 202
    assert central.inbox.wait_code("a@mail.az")
