"""Confirmation-code rules and the proof-of-work check (pure)."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from server_sync.domain import antibot
from server_sync.domain.confirmation import (
    CodeCheck,
    SendLimits,
    StoredCode,
    check_code,
    keyed_hash,
    new_code,
    send_refusal,
)
from server_sync.kernel.clock import BAKU

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=BAKU)


def stored(
    code: str = "123456", tries: int = 0, used: bool = False, minutes_left: int = 5
) -> StoredCode:
    return StoredCode(keyed_hash("s", code), NOW + timedelta(minutes=minutes_left), tries, used)


@pytest.mark.parametrize(
    ("code", "typed", "expected"),
    [
        (stored(), "123456", CodeCheck.OK),
        (stored(), "123457", CodeCheck.WRONG),
        (stored(), "12345", CodeCheck.WRONG),
        (stored(used=True), "123456", CodeCheck.USED),
        (stored(tries=5), "123456", CodeCheck.BURNED),
        (stored(tries=4), "123456", CodeCheck.OK),
        (stored(minutes_left=0), "123456", CodeCheck.EXPIRED),
        (None, "123456", CodeCheck.MISSING),
    ],
)
def test_check_code(code: StoredCode | None, typed: str, expected: CodeCheck) -> None:
    assert check_code(code, typed, keyed_hash("s", typed), NOW, 5) is expected


def test_codes_are_six_digits_and_hashes_depend_on_the_secret() -> None:
    codes = {new_code() for _ in range(200)}
    assert all(len(c) == 6 and c.isdigit() for c in codes)
    assert len(codes) > 150
    assert keyed_hash("a", "x") != keyed_hash("b", "x")


def test_send_limits() -> None:
    limits = SendLimits(60, 5, 20)
    assert send_refusal(limits, NOW, None, 0, 0) is None
    assert send_refusal(limits, NOW, NOW - timedelta(seconds=20), 1, 1) == ("resend_too_soon", 40)
    assert send_refusal(limits, NOW, NOW - timedelta(minutes=2), 5, 5) == (
        "too_many_codes_email",
        3600,
    )
    assert send_refusal(limits, NOW, None, 0, 20) == ("too_many_codes_client", 3600)


def test_proof_of_work_round_trip_and_refusals() -> None:
    challenge = antibot.issue_challenge("secret", NOW)
    nonce = antibot.solve(challenge, "A@Mail.az", 10)
    assert antibot.challenge_problem("secret", challenge, "a@mail.az", nonce, 10, NOW) is None
    assert antibot.challenge_problem("other", challenge, "a@mail.az", nonce, 10, NOW) == (
        "challenge_invalid"
    )
    assert antibot.challenge_problem("secret", challenge, "a@mail.az", "", 10, NOW) == (
        "challenge_required"
    )
    later = NOW + timedelta(minutes=11)
    assert antibot.challenge_problem("secret", challenge, "a@mail.az", nonce, 10, later) == (
        "challenge_expired"
    )
    assert antibot.challenge_problem("secret", "1.2", "a@mail.az", nonce, 10, NOW) == (
        "challenge_invalid"
    )


def test_leading_zero_bits() -> None:
    assert antibot.leading_zero_bits(b"\x00\x00\x80") == 16
    assert antibot.leading_zero_bits(b"\x01") == 7
    assert antibot.leading_zero_bits(b"\xff") == 0
