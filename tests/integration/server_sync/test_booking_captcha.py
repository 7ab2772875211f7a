"""The booking form without JavaScript while the proof-of-work anti-bot check is on:
the `<noscript>` image captcha stands in for the proof of work."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from tests.integration.server_sync.accounts_helpers import hidden
from tests.integration.server_sync.conftest import Central

BOOK = "/book?service=passport&centre=baku-1&date=2026-11-24&time=10:00&lang=en"


@pytest.fixture
def browser(central: Central) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=central.url, timeout=30) as client:
        yield client


@pytest.fixture
def booking_overrides() -> dict[str, object]:
    return {"antibot": True, "antibot_difficulty_bits": 20}


def test_without_javascript_the_booking_form_offers_the_image_captcha(
    central: Central, browser: httpx.Client
) -> None:
    form = browser.get(BOOK)
    assert "<noscript>" in form.text
    token = hidden(form.text, "captcha_token")
    assert f'src="/captcha/{token}.png"' in form.text
    chosen = {k: hidden(form.text, k) for k in ("agency", "service", "centre", "date", "time")}
    data = {
        "csrf": hidden(form.text, "csrf"),
        "lang": "en",
        **chosen,
        "email": "a@mail.az",
        "challenge": hidden(form.text, "challenge"),
        "nonce": "",
        "action": "send_code",
    }
    missing = browser.post("/book", data=data)
    assert missing.status_code == 422
    assert "Type the security code from the picture." in missing.text
    answer = central.services.accounts.captcha.answer_of(token)
    sent = browser.post("/book", data={**data, "captcha_token": token, "captcha_answer": answer})
    assert sent.status_code == 200
    assert 'id="notice"' in sent.text
    assert central.inbox.wait_code("a@mail.az")
    again = browser.post("/book", data={**data, "captcha_token": token, "captcha_answer": answer})
    assert "This security code was already used" in again.text
