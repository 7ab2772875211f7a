"""The account pages over real HTTP, without JavaScript (httpx keeps the cookies as a
browser would): CSRF on every form, the registration windows, the pre-filled booking
form linked to the account, "Mənim müraciətlərim", cancel with confirmation, and the
booking form's image captcha when the proof of work cannot run."""

from __future__ import annotations

import re
from collections.abc import Iterator

import httpx
import pytest
from fastapi.routing import APIRoute

from tests.integration.server_sync.accounts_helpers import (
    CARD,
    EMAIL,
    activate_by_email,
    hidden,
    page_sign_in,
    register_by_api,
)
from tests.integration.server_sync.conftest import Central

BOOK = "/book?service=passport&centre=baku-1&date=2026-11-24&time=10:00&lang=en"


@pytest.fixture
def browser(central: Central) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=central.url, timeout=30) as client:
        yield client


def page_posts(central: Central) -> list[str]:
    """Every POST route of the citizen pages (not the API, sync or IT ones)."""
    from server_sync.app import _ROUTERS

    return sorted(
        route.path
        for router in _ROUTERS
        for route in router.routes
        if isinstance(route, APIRoute)
        and "POST" in route.methods
        and not route.path.startswith(("/api/", "/sync", "/it"))
    )


def test_every_form_without_its_token_is_refused_with_a_page(
    central: Central, browser: httpx.Client
) -> None:
    posts = page_posts(central)
    assert {"/book", "/manage", "/account/register", "/account/sign-in", "/account/delete"} <= set(
        posts
    )
    for path in posts:
        path = path.replace("{order_code}", "123456789012")
        bare = httpx.post(central.url + path + "?lang=en", data={"lang": "en"})
        assert bare.status_code == 403, path
        assert "The form was not accepted" in bare.text
    browser.get("/book?lang=en")  # now the browser has its CSRF cookie
    forged = browser.post(
        "/manage", data={"csrf": "x" * 40, "order_code": "1", "email": "a@mail.az"}
    )
    assert forged.status_code == 403
    page = browser.get("/manage?lang=en")
    good = browser.post(
        "/manage", data={"csrf": hidden(page.text, "csrf"), "order_code": "1", "email": "a@mail.az"}
    )
    assert good.status_code == 422
    assert "set-cookie" not in good.headers or "asanq_csrf" not in good.headers["set-cookie"]


def test_register_on_the_pages_one_wrong_line_then_activate(
    central: Central, browser: httpx.Client
) -> None:
    page = browser.get("/account/register?lang=en")
    assert re.search(r'<label for="fin">FIN \(PIN code\)', page.text)
    token = hidden(page.text, "captcha_token")
    window2 = browser.post(
        "/account/register",
        data={
            "csrf": hidden(page.text, "csrf"),
            "lang": "en",
            **CARD,
            "captcha_token": token,
            "captcha_answer": central.services.accounts.captcha.answer_of(token),
        },
    )
    assert window2.status_code == 200
    assert 'id="card-number">AZE10000001<' in window2.text
    form = {
        "csrf": hidden(window2.text, "csrf"),
        "ticket": hidden(window2.text, "ticket"),
        "lang": "en",
        "login": "aysel.m",
        "password": "Bahar2026qapi",
        "password_repeat": "Bahar2026qapi",
        "first_name": "Aysel",
        "last_name": "Məmmədova",
        "father_name": "Rauf qızı",
        "birth_date": "17.05.1990",
        "phone": "050 111 22 33",
        "email": EMAIL,
        "address": "Bakı, Nizami küçəsi 10",
        "secret_question": "first_school",
        "secret_answer": "3 nömrəli",
        "driving_licence": "AB123456",
        "mobile": "050 111 22 34",
        "social_insurance": "1234567890123",
        "passport": "C12345678",
    }
    wrong = browser.post("/account/register/details", data=form)
    assert wrong.status_code == 422
    assert 'id="mobile-error"' in wrong.text
    assert "This mobile number is not registered to the person." in wrong.text
    assert 'aria-describedby="mobile-hint mobile-error"' in wrong.text
    assert 'id="passport-error"' not in wrong.text
    assert 'class="error-summary"' in wrong.text
    window3 = browser.post("/account/register/details", data={**form, "mobile": "+994501112233"})
    assert window3.status_code == 200, window3.text
    assert "Activate your account" in window3.text
    assert "+994 ** *** ** 33" in window3.text
    sms = browser.post(
        "/account/activate",
        data={
            "csrf": hidden(window3.text, "csrf"),
            "ticket": hidden(window3.text, "ticket"),
            "lang": "en",
            "channel": "sms",
            "action": "send_code",
        },
    )
    assert "This service sends no SMS" in sms.text
    activate_by_email(central, hidden(window3.text, "ticket"))
    signed = page_sign_in(central, browser)
    assert signed.status_code == 303
    cookie = signed.headers["set-cookie"]
    assert "asanq_session=" in cookie
    assert "HttpOnly" in cookie
    assert "SameSite=lax" in cookie
    assert "Secure" not in cookie  # the test's public URL is http


def test_a_signed_in_citizen_books_with_the_filled_form_and_sees_it(
    central: Central, browser: httpx.Client
) -> None:
    activate_by_email(central, register_by_api(central))
    page_sign_in(central, browser)
    form = browser.get(BOOK)
    assert 'id="prefilled"' in form.text
    assert re.search(
        r'name="id_document" type="text" value="AZE10000001" required\s+readonly', form.text
    )
    phone = re.search(r'<input id="phone"[^>]*>', form.text).group(0)
    assert 'value="+994501112233"' in phone
    assert "readonly" not in phone
    chosen = {k: hidden(form.text, k) for k in ("agency", "service", "centre", "date", "time")}
    base = {
        "csrf": hidden(form.text, "csrf"),
        "lang": "en",
        **chosen,
        "first_name": "Someone",
        "last_name": "Else",
        "father_name": "Other",
        "id_document": "AA7654321",
        "phone": "+994501112233",
        "email": EMAIL,
    }
    sent = browser.post("/book", data={**base, "action": "send_code"})
    assert sent.status_code == 200
    code = central.inbox.wait_code(EMAIL)
    done = browser.post("/book", data={**base, "confirmation_code": code, "action": "submit"})
    assert done.status_code == 201, done.text
    order = re.search(r'data-code="(\d{12})"', done.text).group(1)
    mail = central.inbox.wait_kind(EMAIL, "confirmed")
    assert (
        "Aysel" in mail.get_body(("plain",)).get_content()
    )  # the account's name, not the typed one

    items = browser.get("/account/items?lang=en")
    spaced = " ".join(order[i : i + 4] for i in range(0, 12, 4))
    assert "My bookings and applications" in items.text
    assert spaced in items.text
    assert "active" in items.text
    view = browser.get(f"/account/bookings/{order}?lang=en")
    assert 'id="order-code">' + spaced in view.text
    confirm = browser.get(f"/account/bookings/{order}/cancel?lang=en")
    assert "Are you sure" in confirm.text
    cancelled = browser.post(
        f"/account/bookings/{order}/cancel",
        data={"csrf": hidden(confirm.text, "csrf"), "lang": "en"},
    )
    assert cancelled.status_code == 303
    items = browser.get(cancelled.headers["location"])
    assert "cancelled" in items.text
    stranger = httpx.get(central.url + f"/account/bookings/{order}?lang=en")
    assert stranger.status_code == 303
    assert "/account/sign-in" in stranger.headers["location"]


def test_pages_that_need_a_session_send_to_sign_in_and_back(
    central: Central, browser: httpx.Client
) -> None:
    activate_by_email(central, register_by_api(central))
    gone = browser.get("/account/items?lang=ru")
    assert gone.status_code == 303
    assert gone.headers["location"] == "/account/sign-in?lang=ru&next=/account/items"
    page = browser.get(gone.headers["location"])
    back = browser.post(
        "/account/sign-in",
        data={
            "csrf": hidden(page.text, "csrf"),
            "login": "aysel.m",
            "password": "Bahar2026qapi",
            "next": hidden(page.text, "next"),
            "lang": "ru",
        },
    )
    assert back.headers["location"] == "/account/items?lang=ru"
    assert "Мои обращения" in browser.get(back.headers["location"]).text
    evil = browser.post(
        "/account/sign-in",
        data={
            "csrf": hidden(page.text, "csrf"),
            "login": "aysel.m",
            "password": "Bahar2026qapi",
            "next": "//evil.example/x",
            "lang": "ru",
        },
    )
    assert evil.status_code == 403 or evil.headers["location"].startswith("/account/items")


def test_cookies_are_secure_behind_https(tmp_path, clock) -> None:
    """`server.public_url` is https (TLS ends at the reverse proxy): cookies say Secure."""
    from tests.integration.server_sync.helpers import config, prepared_app, running

    cfg = config(f"sqlite:///{tmp_path / 'c.db'}", jobs=False).with_overrides(
        {"server.public_url": "https://asan.example.gov.az"}
    )
    with running(prepared_app(cfg, clock)) as url:
        page = httpx.get(f"{url}/account/sign-in?lang=en")
    cookie = page.headers["set-cookie"]
    assert "asanq_csrf=" in cookie
    assert "Secure" in cookie
    assert "HttpOnly" in cookie
