"""A citizen's account in a real browser, in az, ru and en (issue 15, "done when").

Debian's Chromium, headless; the service under a real uvicorn, mail to a real SMTP
server (aiosmtpd), SMS through the durable SMS outbox to the SMPP centre emulator
(`sms.url = smpp://…`). Each language's citizen (one of the demo registry's people):
registers in the seed's windows (3 of 4 proofs, one wrong line refused with its own
message), activates by an e-mail code or, in the second test, by an SMS code, signs
in, books with the pre-filled form, gets the order code by e-mail (and by SMS) and
finds the booking under "Mənim müraciətlərim".
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from server_sync.kernel.clock import FixedClock
from server_sync.kernel.i18n import Translator
from server_sync.services.booking_sms import sms_date
from server_sync.sms.emulator import SmscEmulator
from server_sync.sms.emulator_inbox import ReceivedSms
from tests.browser.test_citizen_pages import ARGS, CHROMIUM
from tests.integration.server_sync.helpers import (
    Inbox,
    config,
    plain_text,
    prepared_app,
    running,
    smtp_server,
    wait_for,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium is not installed"),
]
SMS_OUTBOX_MERGED = True

# One demo person a language (assets/demo/citizens.json), with 3 of their 4 numbers
# and one number that is not theirs (refused with that line's own message).
PEOPLE: dict[str, dict[str, Any]] = {
    "az": {
        "card": ("AZE10000001", "7AZ1B2C"),
        "login": "aysel.m",
        "name": ("Aysel", "Məmmədova", "Rauf qızı"),
        "birth": "17.05.1990",
        "phone": "050 111 22 33",
        "email": "aysel.m@mail.az",
        "proofs": {
            "driving_licence": "AB123456",
            "mobile": "050 111 22 33",
            "social_insurance": "1234567890123",
        },
        "wrong": ("passport", "C99999999"),
        "time": "10:00",
    },
    "ru": {
        "card": ("AZE10000002", "5KQ8M3T"),
        "login": "elchin.h",
        "name": ("Elçin", "Hüseynov", "Vaqif oğlu"),
        "birth": "02.11.1985",
        "phone": "055 111 22 44",
        "email": "elchin.h@mail.az",
        "proofs": {
            "driving_licence": "AC654321",
            "mobile": "+994551112244",
            "passport": "C87654321",
        },
        "wrong": ("social_insurance", "1111111111111"),
        "time": "10:30",
    },
    "en": {
        "card": ("AA1000003", "2XR7P4N"),
        "login": "gunel.a",
        "name": ("Günel", "Əliyeva", "Tofiq qızı"),
        "birth": "09.03.1998",
        "phone": "070 111 22 55",
        "email": "gunel.a@mail.az",
        "proofs": {
            "mobile": "070 111 22 55",
            "social_insurance": "5555666677778",
            "passport": "C11223344",
        },
        "wrong": ("driving_licence", "ZZ000000"),
        "time": "11:00",
    },
}
PASSWORD = "Bahar2026qapi"


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        yield browser
        browser.close()


Site = tuple[str, Inbox, Any]


@pytest.fixture
def smsc(tmp_path: Path) -> Iterator[SmscEmulator]:
    with SmscEmulator(tmp_path / "smsc") as running_smsc:
        yield running_smsc


@pytest.fixture
def site(tmp_path: Path, clock: FixedClock, smsc: SmscEmulator) -> Iterator[Site]:
    """The service with mail to aiosmtpd and SMS (the real `Notices` and SMS outbox)
    to the SMPP emulator."""
    with smtp_server() as (inbox, port):
        cfg = config(f"sqlite:///{tmp_path / 'c.db'}", port).with_overrides(
            {"sms.url": smsc.url, "sms.timeout_s": 2.0}
        )
        app = prepared_app(cfg, clock)
        with running(app) as url:
            yield url, inbox, app.state.services


@pytest.fixture
def shot(screenshot_dir: Path) -> Callable[[Page, str], None]:
    folder = screenshot_dir / "account"
    folder.mkdir(parents=True, exist_ok=True)

    def save(page: Page, name: str) -> None:
        page.screenshot(path=str(folder / f"{name}.png"), full_page=True)

    return save


def solve_captcha(page: Page, services: Any) -> None:
    """Type the captcha's digits (read from the service, as a person reads the picture)."""
    token = page.locator('input[name="captcha_token"]').first.input_value()
    expect(page.locator("img.captcha-image").first).to_be_visible()
    page.locator("#captcha_answer").fill(services.accounts.captcha.answer_of(token))


def mail_code(inbox: Inbox, address: str, kind: str, count: int = 1) -> str:
    mails = wait_for(
        lambda: len(inbox.to(address, kind)) >= count and inbox.to(address, kind),
        what=f"{kind} mail to {address}",
    )
    found = re.search(r"\b(\d{6})\b", plain_text(mails[count - 1]))
    assert found
    return found.group(1)


def register(page: Page, site: Site, lang: str, shot: Callable[[Page, str], None]) -> None:
    """The seed's windows 1 and 2, with one wrong proof line refused on its own."""
    url, _inbox, services = site
    tr, person = Translator(lang), PEOPLE[lang]
    page.goto(f"{url}/book?lang={lang}")
    page.get_by_role("link", name=tr("account.register.title")).first.click()
    expect(page.get_by_role("heading", name=tr("account.register.title"))).to_be_visible()
    page.locator("#id_document").fill(person["card"][0])
    page.locator("#fin").fill(person["card"][1])
    solve_captcha(page, services)
    shot(page, f"{lang}-01-register-card")
    page.get_by_role("button", name=tr("account.next")).click()

    expect(page.locator("#card-number")).to_have_text(person["card"][0])
    fields = {
        "login": person["login"],
        "password": PASSWORD,
        "password_repeat": PASSWORD,
        "first_name": person["name"][0],
        "last_name": person["name"][1],
        "father_name": person["name"][2],
        "birth_date": person["birth"],
        "phone": person["phone"],
        "email": person["email"],
        "address": "Bakı, Nizami küçəsi 10",
        "secret_answer": "Ismayıllı",
        **person["proofs"],
    }
    for name, value in fields.items():
        page.locator(f"#{name}").fill(value)
    page.locator("#secret_question").select_option("first_school")
    wrong_field, wrong_value = person["wrong"]
    page.locator(f"#{wrong_field}").fill(wrong_value)
    page.get_by_role("button", name=tr("account.next")).click()
    line_error = page.locator(f"#{wrong_field}-error")
    expect(line_error).to_have_text(tr(f"account.error.{wrong_field}_mismatch"))
    expect(page.locator(".error-summary")).to_be_visible()
    expect(page.locator(".error")).to_have_count(1)  # only that line
    expect(page.locator(f"#{wrong_field}")).to_have_attribute("aria-invalid", "true")
    shot(page, f"{lang}-02-register-wrong-line")
    page.locator(f"#{wrong_field}").fill("")
    page.locator("#password").fill(PASSWORD)
    page.locator("#password_repeat").fill(PASSWORD)
    shot(page, f"{lang}-03-register-details")
    page.get_by_role("button", name=tr("account.next")).click()
    expect(page.get_by_role("heading", name=tr("account.activate.title"))).to_be_visible()


def activate_by_email(page: Page, site: Site, lang: str, shot: Callable[[Page, str], None]) -> None:
    _url, inbox, _services = site
    tr, person = Translator(lang), PEOPLE[lang]
    page.locator("#channel-email").check()
    page.get_by_role("button", name=tr("account.activate.send")).click()
    expect(page.locator("#notice")).to_be_visible()
    page.locator("#code").fill(mail_code(inbox, person["email"], "account_code"))
    shot(page, f"{lang}-04-activate")
    page.get_by_role("button", name=tr("account.activate.submit")).click()
    expect(page.locator("#notice")).to_have_text(tr("account.activate.done"))


def sign_in(page: Page, lang: str, shot: Callable[[Page, str], None]) -> None:
    tr, person = Translator(lang), PEOPLE[lang]
    page.locator("#login").fill(person["login"])
    page.locator("#password").fill(PASSWORD)
    shot(page, f"{lang}-05-sign-in")
    page.get_by_role("button", name=tr("account.sign_in.submit")).click()
    expect(page.get_by_role("heading", name=tr("account.items.title"))).to_be_visible()


def book_with_the_filled_form(
    page: Page, site: Site, lang: str, shot: Callable[[Page, str], None]
) -> str:
    url, inbox, _services = site
    tr, person = Translator(lang), PEOPLE[lang]
    page.goto(
        f"{url}/book?service=passport&centre=baku-1&date=2026-11-24&time={person['time']}&lang={lang}"
    )
    expect(page.locator("#prefilled")).to_be_visible()
    expect(page.locator("#first_name")).to_have_value(person["name"][0])
    expect(page.locator("#id_document")).to_have_value(person["card"][0])
    expect(page.locator("#id_document")).to_have_attribute("readonly", "")
    expect(page.locator("#email")).to_have_value(person["email"])
    expect(page.locator("#email")).not_to_have_attribute("readonly", "")
    page.get_by_role("button", name=tr("web.send_code")).click()
    expect(page.locator("#notice")).to_be_visible()
    page.locator("#confirmation_code").fill(inbox.wait_code(person["email"]))
    shot(page, f"{lang}-06-book-filled")
    page.get_by_role("button", name=tr("web.submit"), exact=True).click()
    expect(page.get_by_role("heading", name=tr("web.success_title"))).to_be_visible()
    order_code = page.locator("#order-code").get_attribute("data-code")
    assert order_code is not None
    mail = inbox.wait_kind(person["email"], "confirmed")
    spaced = " ".join(order_code[i : i + 4] for i in range(0, 12, 4))
    assert spaced in plain_text(mail)
    shot(page, f"{lang}-07-booked")
    return spaced


@pytest.mark.parametrize("lang", ["az", "ru", "en"])
def test_register_activate_sign_in_book_and_see_it_under_my_items(
    lang: str, browser: Browser, site: Site, shot: Callable[[Page, str], None]
) -> None:
    page = browser.new_page(viewport={"width": 1100, "height": 900})
    tr = Translator(lang)
    register(page, site, lang, shot)
    activate_by_email(page, site, lang, shot)
    sign_in(page, lang, shot)
    spaced = book_with_the_filled_form(page, site, lang, shot)
    page.get_by_role("link", name=tr("account.items.title")).first.click()
    row = page.locator("tr", has_text=spaced)
    expect(row).to_be_visible()
    expect(row.locator(".status")).to_have_text(tr("web.status.booked"))
    expect(row.get_by_role("link", name=re.compile(tr("web.cancel_booking")))).to_be_visible()
    shot(page, f"{lang}-08-my-items")
    page.get_by_role("button", name=tr("account.sign_out")).click()
    expect(page.get_by_role("link", name=tr("account.sign_in.title")).first).to_be_visible()


def sms_to(smsc: SmscEmulator, digits: str, count: int) -> list[ReceivedSms]:
    """The first `count` SMS the emulator stored for a number ending in `digits`."""
    assert smsc.wait_for(
        lambda: len([m for m in smsc.messages if m.destination.endswith(digits)]) >= count, 15
    ), f"{count} SMS to …{digits[-2:]}"
    return [m for m in smsc.messages if m.destination.endswith(digits)][:count]


@pytest.mark.parametrize("lang", ["az", "ru", "en"])
def test_activation_and_the_order_code_by_sms_through_the_smpp_emulator(
    lang: str, browser: Browser, site: Site, smsc: SmscEmulator, shot: Callable[[Page, str], None]
) -> None:
    """Activation by an SMS code (the mobile number of the identity proof), then the
    booking's order code by e-mail and by SMS, each in the citizen's language, with the
    data coding on the wire that the letters need (UCS-2 for ə and Cyrillic)."""
    tr, person = Translator(lang), PEOPLE[lang]
    digits = re.sub(r"\D", "", person["proofs"]["mobile"])[-9:]
    page = browser.new_page(viewport={"width": 1100, "height": 900})
    register(page, site, lang, shot)
    page.locator("#channel-sms").check()
    page.get_by_role("button", name=tr("account.activate.send")).click()
    expect(page.locator("#notice")).to_be_visible()
    (activation,) = sms_to(smsc, digits, 1)
    code = re.search(r"\b(\d{6})\b", activation.text or "")
    assert code
    assert activation.text == tr("sms.account_activation", code=code.group(1), minutes=15)
    assert activation.data_coding == (0 if lang == "en" else 8)  # GSM 7-bit or UCS-2
    page.locator("#code").fill(code.group(1))
    shot(page, f"{lang}-04-activate-sms")
    page.get_by_role("button", name=tr("account.activate.submit")).click()
    expect(page.locator("#notice")).to_have_text(tr("account.activate.done"))
    sign_in(page, lang, shot)
    spaced = book_with_the_filled_form(page, site, lang, shot)
    booked_phone = re.sub(r"\D", "", person["phone"])[-9:]
    order_sms = sms_to(smsc, booked_phone, 2 if booked_phone == digits else 1)[-1]
    centre = site[2].catalogue.current().catalogue.centres["baku-1"].name(lang)
    assert order_sms.text == tr(
        "sms.booking_confirmed",
        code=spaced,
        date=sms_date(date(2026, 11, 24)),
        time=person["time"],
        centre=centre,
    )
    page.get_by_role("link", name=tr("account.items.title")).first.click()
    expect(page.locator("tr", has_text=spaced)).to_be_visible()
    shot(page, f"{lang}-08-my-items-sms")


def test_without_javascript_the_booking_form_shows_the_image_captcha(
    tmp_path: Path, clock: FixedClock, browser: Browser, shot: Callable[[Page, str], None]
) -> None:
    with smtp_server() as (inbox, port):
        cfg = config(
            f"sqlite:///{tmp_path / 'c.db'}", port, antibot=True, antibot_difficulty_bits=20
        )
        app = prepared_app(cfg, clock)
        with running(app) as url:
            context = browser.new_context(
                java_script_enabled=False, viewport={"width": 1100, "height": 900}
            )
            page = context.new_page()
            page.goto(
                f"{url}/book?service=passport&centre=baku-1&date=2026-11-24&time=10:00&lang=az"
            )
            expect(page.locator("img.captcha-image")).to_be_visible()
            page.locator("#email").fill("aysel@mail.az")
            solve_captcha(page, app.state.services)
            shot(page, "az-09-no-js-captcha")
            page.get_by_role("button", name=Translator("az")("web.send_code")).click()
            expect(page.locator("#notice")).to_contain_text("a***@mail.az")
            assert inbox.wait_code("aysel@mail.az")
            context.close()
