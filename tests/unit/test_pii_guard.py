"""The suite-wide personal-data guard itself: it sees clear data, and only clear data."""

from __future__ import annotations

import logging

import pytest

from server_sync import logs
from tests.pii_guard import GuardHandler, find_pii


def test_it_finds_the_test_data_in_any_spelling() -> None:
    assert find_pii("mail to aysel@mail.az") == ["aysel@mail.az"]
    assert find_pii("doc AZE12345678 fin 5ZK3A8P") == ["AZE12345678", "5ZK3A8P"]
    assert find_pii("call +994 50 123-45-67") == ["phone …4567"]
    assert find_pii("call 0501234567") == ["phone …4567"]


def test_masked_data_is_no_finding() -> None:
    assert find_pii("a***@mail.az AZE*****678 +994 ** *** ** 67 5Z*****") == []
    assert find_pii("order 1234 5678 9012, ticket A042") == []


def test_a_record_that_escapes_masking_is_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    guard = GuardHandler()
    record = logging.makeLogRecord({"msg": "booking of %s", "args": ("AZE12345678",)})
    guard.emit(record)
    assert guard.violations == []  # our masking filter hides it
    monkeypatch.setattr(logs, "mask_text", lambda text: text)  # masking that masks nothing
    unmasked = GuardHandler()
    unmasked.emit(record)
    assert len(unmasked.violations) == 1
    assert "AZE12345678" in unmasked.violations[0]
