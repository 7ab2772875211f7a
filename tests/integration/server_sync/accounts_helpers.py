"""Driving the account API and pages in tests: the demo person, captchas answered
from the service's own derivation, codes read from the real SMTP server's inbox."""

from __future__ import annotations

import re
from typing import Any

import httpx

from tests.integration.server_sync.conftest import Central
from tests.integration.server_sync.helpers import plain_text, wait_for

# Aysel of the demo registry (assets/demo/citizens.json).
CARD = {"id_document": "AZE10000001", "fin": "7AZ1B2C"}
PROOFS = {
    "driving_licence": "AB123456",
    "mobile": "+994 50 111 22 33",
    "social_insurance": "1234567890123",
    "passport": "",
}
EMAIL = "aysel.m@mail.az"
PASSWORD = "Bahar2026qapi"


def details(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "login": "aysel.m",
        "password": PASSWORD,
        "password_repeat": PASSWORD,
        "first_name": "Aysel",
        "last_name": "Məmmədova",
        "father_name": "Rauf qızı",
        "birth_date": "17.05.1990",
        "phone": "+994 50 111 22 33",
        "email": EMAIL,
        "address": "Bakı, Nizami küçəsi 10",
        "secret_question": "first_school",
        "secret_answer": "İSMAYILLI 3",
        "proofs": dict(PROOFS),
    }
    data.update(changes)
    return data


def captcha(central: Central) -> dict[str, str]:
    token = central.http.get("/api/v1/captchas").json()["token"]
    return {
        "captcha_token": token,
        "captcha_answer": central.services.accounts.captcha.answer_of(token),
    }


def account_code(central: Central, address: str, count: int = 1) -> str:
    mails = wait_for(
        lambda: (
            len(central.inbox.to(address, "account_code")) >= count
            and central.inbox.to(address, "account_code")
        ),
        what=f"account code mail to {address}",
    )
    found = re.search(r"\b(\d{6})\b", plain_text(mails[count - 1]))
    assert found
    return found.group(1)


# Elçin of the demo registry.
CARD_2 = {"id_document": "AZE10000002", "fin": "5KQ8M3T"}
PROOFS_2 = {
    "driving_licence": "AC654321",
    "mobile": "+994551112244",
    "social_insurance": "9876543210987",
    "passport": "C87654321",
}


def register_by_api(central: Central, card: dict[str, str] = CARD, **changes: Any) -> str:
    """Windows 1 and 2; returns the activation ticket."""
    identity = central.http.post(
        "/api/v1/registrations/identity", json={**card, **captcha(central)}
    )
    assert identity.status_code == 200, identity.text
    body = {"ticket": identity.json()["ticket"], **details(**changes)}
    made = central.http.post("/api/v1/registrations", json=body)
    assert made.status_code == 201, made.text
    return str(made.json()["activation_ticket"])


def activate_by_email(central: Central, ticket: str, address: str = EMAIL) -> None:
    before = len(central.inbox.to(address, "account_code"))
    sent = central.http.post(
        "/api/v1/registrations/activation-codes",
        json={"activation_ticket": ticket, "channel": "email"},
    )
    assert sent.status_code == 202, sent.text
    code = account_code(central, address, before + 1)
    done = central.http.post(
        "/api/v1/registrations/activation", json={"activation_ticket": ticket, "code": code}
    )
    assert done.status_code == 204, done.text


def signed_up(central: Central) -> str:
    """A registered, activated demo citizen; returns an API bearer token."""
    activate_by_email(central, register_by_api(central))
    return api_sign_in(central)


def api_sign_in(central: Central, password: str = PASSWORD) -> str:
    answer = central.http.post("/api/v1/sessions", json={"login": "aysel.m", "password": password})
    assert answer.status_code == 201, answer.text
    return str(answer.json()["token"])


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def hidden(html: str, name: str) -> str:
    found = re.search(rf'name="{name}" value="([^"]*)"', html)
    assert found, f"no hidden {name} in the page"
    return found.group(1)


def page_sign_in(
    central: Central, browser: httpx.Client, password: str = PASSWORD
) -> httpx.Response:
    page = browser.get("/account/sign-in?lang=en")
    return browser.post(
        "/account/sign-in",
        data={
            "csrf": hidden(page.text, "csrf"),
            "login": "aysel.m",
            "password": password,
            "lang": "en",
        },
    )
