"""Citizen accounts over the JSON API, with a real SMTP server: registration in the
seed's windows (3 of 4 proofs, a wrong line refused with its own reason), activation
by an e-mail code (SMS refused while sms.url is empty), sessions, password
change and reset, deletion, the purge."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from server_sync.store.account_tables import citizens
from tests.integration.server_sync.accounts_helpers import (
    CARD,
    CARD_2,
    EMAIL,
    PASSWORD,
    PROOFS_2,
    account_code,
    activate_by_email,
    api_sign_in,
    bearer,
    captcha,
    details,
    register_by_api,
    signed_up,
)
from tests.integration.server_sync.conftest import Central


def codes(answer) -> list[tuple[str, str]]:
    return [(e["field"], e["code"]) for e in answer.json()["errors"]]


@pytest.mark.parametrize(
    "central", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)], indirect=True
)
def test_register_with_three_proofs_activate_by_email_and_sign_in(central: Central) -> None:
    wrong_card = central.http.post(
        "/api/v1/registrations/identity", json={**CARD, "fin": "7AZ1B2D", **captcha(central)}
    )
    assert codes(wrong_card) == [("fin", "person_not_found")]
    identity = central.http.post(
        "/api/v1/registrations/identity", json={**CARD, **captcha(central)}
    )
    ticket = identity.json()["ticket"]

    one_wrong = details(
        proofs={
            "driving_licence": "AB123456",
            "mobile": "050 111 22 33",
            "social_insurance": "1234567890123",
            "passport": "C99999999",
        }
    )
    refused = central.http.post(
        "/api/v1/registrations", json={"ticket": ticket, **one_wrong, "language": "en"}
    )
    assert refused.status_code == 422
    assert codes(refused) == [("passport", "passport_mismatch")]
    assert "passport number is not the person's" in refused.json()["errors"][0]["message"]
    too_few = details(
        proofs={"driving_licence": "AB123456", "mobile": "", "social_insurance": "", "passport": ""}
    )
    assert ("proofs", "proofs_too_few") in codes(
        central.http.post("/api/v1/registrations", json={"ticket": ticket, **too_few})
    )
    made = central.http.post("/api/v1/registrations", json={"ticket": ticket, **details()})
    assert made.status_code == 201, made.text
    pending = made.json()
    assert pending["email"] == "a***@mail.az"
    assert pending["mobile"] == "+994 ** *** ** 33"
    activation = pending["activation_ticket"]

    not_yet = central.http.post("/api/v1/sessions", json={"login": "aysel.m", "password": PASSWORD})
    assert codes(not_yet) == [("login", "not_activated")]
    sms = central.http.post(
        "/api/v1/registrations/activation-codes",
        json={"activation_ticket": activation, "channel": "sms"},
    )
    assert codes(sms) == [("channel", "sms_not_configured")]
    activate_by_email(central, activation)
    again = central.http.post(
        "/api/v1/registrations/activation", json={"activation_ticket": activation, "code": "123456"}
    )
    assert again.status_code == 409

    token = api_sign_in(central)
    me = central.http.get("/api/v1/account", headers=bearer(token)).json()
    assert me["id_document"] == "AZE*****001"
    assert me["email"] == "a***@mail.az"
    assert me["activation_channel"] == "email"
    with central.services.engine.connect() as conn:
        row = conn.execute(sa.select(citizens)).one()
    assert row.password_hash.startswith("$argon2id$")
    assert row.secret_answer_hash.startswith("$argon2id$")
    assert "7AZ1B2C" not in str(row._mapping.values())
    taken = central.http.post("/api/v1/registrations/identity", json={**CARD, **captcha(central)})
    assert codes(taken) == [("fin", "already_registered")]
    assert central.http.delete("/api/v1/sessions/current", headers=bearer(token)).status_code == 204
    assert central.http.get("/api/v1/account", headers=bearer(token)).status_code == 401


@pytest.mark.parametrize("settings_overrides", [{"accounts.activation_email_domains": ["gov.az"]}])
def test_email_activation_only_for_allowed_domains(central: Central) -> None:
    ticket = register_by_api(central)
    refused = central.http.post(
        "/api/v1/registrations/activation-codes",
        json={"activation_ticket": ticket, "channel": "email"},
    )
    assert codes(refused) == [("channel", "email_domain")]
    ticket = register_by_api(central, email="aysel@asan.gov.az")
    activate_by_email(central, ticket, "aysel@asan.gov.az")


def test_lock_out_captcha_and_growing_back_off(central: Central) -> None:
    signed_up(central)
    wrong = {"login": "AYSEL.M", "password": "wrong-pass-1"}
    for _ in range(2):
        assert codes(central.http.post("/api/v1/sessions", json=wrong)) == [
            ("password", "sign_in_failed")
        ]
    assert codes(central.http.post("/api/v1/sessions", json=wrong)) == [
        ("captcha", "captcha_required")
    ]
    for _ in range(2):
        answer = central.http.post("/api/v1/sessions", json={**wrong, **captcha(central)})
        assert codes(answer) == [("password", "sign_in_failed")]
    locked = central.http.post("/api/v1/sessions", json={**wrong, **captcha(central)})
    assert locked.status_code == 429
    assert codes(locked) == [("password", "account_locked")]
    assert 800 < int(locked.headers["Retry-After"]) <= 900
    right = {"login": "aysel.m", "password": PASSWORD}
    assert (
        central.http.post("/api/v1/sessions", json={**right, **captcha(central)}).status_code == 429
    )
    central.clock.advance(minutes=16)
    again = central.http.post("/api/v1/sessions", json={**wrong, **captcha(central)})
    assert again.status_code == 429
    assert 1700 < int(again.headers["Retry-After"]) <= 1800  # the second lock is twice as long
    central.clock.advance(minutes=31)
    assert (
        central.http.post("/api/v1/sessions", json={**right, **captcha(central)}).status_code == 201
    )
    central.clock.advance(minutes=15)  # the client's failures are over an hour old
    assert central.http.post("/api/v1/sessions", json=right).status_code == 201  # count cleared


def test_change_and_reset_the_password_then_delete_the_account(central: Central) -> None:
    token = signed_up(central)
    other = api_sign_in(central)
    change = {
        "current_password": PASSWORD,
        "new_password": "Yeni2027parol",
        "new_password_repeat": "Yeni2027parol",
    }
    weak = central.http.put(
        "/api/v1/account/password",
        headers=bearer(token),
        json={**change, "new_password": "short1", "new_password_repeat": "short1"},
    )
    assert codes(weak) == [("new_password", "password_too_short")]
    assert (
        central.http.put("/api/v1/account/password", headers=bearer(token), json=change).status_code
        == 204
    )
    assert central.http.get("/api/v1/account", headers=bearer(other)).status_code == 401
    assert central.http.get("/api/v1/account", headers=bearer(token)).status_code == 200

    sent = central.http.post(
        "/api/v1/password-resets/codes", json={"login": "aysel.m", **captcha(central)}
    )
    assert sent.status_code == 202
    unknown = central.http.post(
        "/api/v1/password-resets/codes", json={"login": "nobody", **captcha(central)}
    )
    assert unknown.status_code == 202
    assert unknown.json()["message"] == sent.json()["message"]
    code = account_code(central, EMAIL, 2)
    reset = {
        "login": "aysel.m",
        "code": code,
        "new_password": "Bahar2028yol",
        "new_password_repeat": "Bahar2028yol",
    }
    assert (
        central.http.post("/api/v1/password-resets", json={**reset, "code": "000000"}).status_code
        == 422
    )
    assert central.http.post("/api/v1/password-resets", json=reset).status_code == 204
    assert central.http.get("/api/v1/account", headers=bearer(token)).status_code == 401
    token = api_sign_in(central, "Bahar2028yol")

    wrong = central.http.post(
        "/api/v1/account/deletion", headers=bearer(token), json={"password": "nope12345"}
    )
    assert codes(wrong) == [("password", "sign_in_failed")]
    gone = central.http.post(
        "/api/v1/account/deletion", headers=bearer(token), json={"password": "Bahar2028yol"}
    )
    assert gone.status_code == 204
    with central.services.engine.connect() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(citizens)).scalar() == 0
    assert central.http.get("/api/v1/account", headers=bearer(token)).status_code == 401


def test_sessions_end_when_idle_and_after_their_lifetime(central: Central) -> None:
    token = signed_up(central)
    central.clock.advance(minutes=29)
    assert central.http.get("/api/v1/account", headers=bearer(token)).status_code == 200
    central.clock.advance(minutes=31)
    assert central.http.get("/api/v1/account", headers=bearer(token)).status_code == 401
    token = api_sign_in(central)
    for _ in range(25):  # busy, never idle: still over after 12 hours
        central.clock.advance(minutes=29)
        if central.http.get("/api/v1/account", headers=bearer(token)).status_code == 401:
            break
    assert central.clock.now() - timedelta(minutes=29 * 25) < central.clock.now()
    assert central.http.get("/api/v1/account", headers=bearer(token)).status_code == 401


def test_unused_accounts_are_purged_unless_kept(central: Central) -> None:
    token = signed_up(central)
    register_by_api(  # never activated
        central, CARD_2, login="elcin.h", first_name="Elçin", proofs=PROOFS_2, email="elcin@mail.az"
    )
    assert (
        central.http.put(
            "/api/v1/account/keep", headers=bearer(token), json={"keep": True}
        ).status_code
        == 204
    )
    central.clock.advance(days=400)
    report = central.services.housekeeping.purge()
    assert (report.accounts, report.unactivated_accounts) == (0, 1)
    central.clock.advance(minutes=-1)
    token = api_sign_in(central)
    central.http.put("/api/v1/account/keep", headers=bearer(token), json={"keep": False})
    central.clock.advance(days=366)
    assert central.services.housekeeping.purge(dry_run=True).accounts == 1
    assert central.services.housekeeping.purge().accounts == 1
    with central.services.engine.connect() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(citizens)).scalar() == 0


def test_captchas_are_single_use_expire_and_are_pictures(central: Central) -> None:
    token = central.http.get("/api/v1/captchas").json()["token"]
    image = central.http.get(f"/captcha/{token}.png")
    assert image.status_code == 200
    assert image.content[:8] == b"\x89PNG\r\n\x1a\n"
    sound = central.http.get(f"/captcha/{token}.wav?lang=az")
    assert sound.status_code == 200
    assert sound.content[:4] == b"RIFF"
    wrong = central.http.post(
        "/api/v1/registrations/identity",
        json={**CARD, "captcha_token": token, "captcha_answer": "00000"},
    )
    right = central.services.accounts.captcha.answer_of(token)
    if right == "00000":
        pytest.skip("the one-in-100000 token whose answer is 00000")
    assert codes(wrong) == [("captcha", "captcha_wrong")]
    used = central.http.post(
        "/api/v1/registrations/identity",
        json={**CARD, "captcha_token": token, "captcha_answer": right},
    )
    assert codes(used) == [("captcha", "captcha_used")]
    assert central.http.get(f"/captcha/{token}.png").status_code == 404
    old = central.http.get("/api/v1/captchas").json()["token"]
    central.clock.advance(minutes=11)
    late = central.http.post(
        "/api/v1/registrations/identity",
        json={
            **CARD,
            "captcha_token": old,
            "captcha_answer": central.services.accounts.captcha.answer_of(old),
        },
    )
    assert codes(late) == [("captcha", "captcha_expired")]
    forged = old[:-1] + ("1" if old[-1] == "0" else "0")
    assert central.http.get(f"/captcha/{forged}.png").status_code == 404


def test_the_registry_being_down_is_try_later_never_yes(central: Central) -> None:
    from server_sync.services.identity import UnconfiguredRegistry

    central.services.accounts.registration._registry = UnconfiguredRegistry()
    answer = central.http.post("/api/v1/registrations/identity", json={**CARD, **captcha(central)})
    assert answer.status_code == 424
    assert codes(answer) == [("registry", "registry_unavailable")]
