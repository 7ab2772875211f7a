"""Agency e-applications in a real browser (issue 17, "done when").

Debian's Chromium, headless; the service under a real uvicorn, mail to a real SMTP
server (aiosmtpd), SMS to the SMPP emulator. An Azərsu application (organisation →
unit → "Müraciət et" → form) with two attachments gets its number and e-mail; a
signed-in citizen's Azərişıq application with three FINs is refused for the one bad
FIN with that box's own message, proves the mobile number by an SMS code, and is
registered (SMS and e-mail); a water-debt lookup answers on the page. From the
registered Azərsu application the citizen books the visit to a counter for it ("Bu
müraciət üçün növbə götür"): the number rides through the booking steps and is stored
with the booking, which the centre's counter opens on call.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import sqlalchemy as sa
from playwright.sync_api import Browser, Page, expect, sync_playwright

from server_sync.kernel.clock import FixedClock
from server_sync.kernel.i18n import Translator
from server_sync.sms.emulator import SmscEmulator
from server_sync.store.tables import bookings
from tests.browser.test_citizen_pages import ARGS, CHROMIUM, fill_person
from tests.integration.server_sync.accounts_helpers import (
    EMAIL,
    PASSWORD,
    activate_by_email,
    register_by_api,
)
from tests.integration.server_sync.application_helpers import (
    AZERISIQ,
    AZERSU,
    AZERSU_ANSWERS,
    application_catalogue,
    pdf_bytes,
    png_bytes,
)
from tests.integration.server_sync.conftest import Central
from tests.integration.server_sync.helpers import (
    config,
    plain_text,
    prepared_app,
    running,
    smtp_server,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium is not installed"),
]
AZ = Translator("az")


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def site(tmp_path: Path, clock: FixedClock) -> Iterator[tuple[Central, SmscEmulator]]:
    """Mail to aiosmtpd; SMS through the real `Notices` and SMS outbox to the SMPP emulator."""
    with SmscEmulator(tmp_path / "smsc") as smsc, smtp_server() as (inbox, port):
        cfg = config(f"sqlite:///{tmp_path / 'c.db'}", port).with_overrides(
            {"sms.url": smsc.url, "sms.timeout_s": 2.0}
        )
        cfg = cfg.with_overrides({"applications.files_dir": str(tmp_path / "attachments")})
        app = prepared_app(cfg, clock, application_catalogue())
        with running(app) as url, httpx.Client(base_url=url, timeout=30) as http:
            yield Central(app, url, http, inbox, clock), smsc


@pytest.fixture
def shots(screenshot_dir: Path) -> Path:
    folder = screenshot_dir / "applications"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def shot(page: Page, folder: Path, name: str) -> None:
    page.screenshot(path=str(folder / f"{name}.png"), full_page=True)


def test_azersu_application_with_two_files_gets_its_number_and_mail(
    browser: Browser, site: tuple[Central, SmscEmulator], tmp_path: Path, shots: Path
) -> None:
    central, _smsc = site
    bookable = application_catalogue()
    next(s for s in bookable["services"] if s["id"] == AZERSU)["bookable_online"] = True
    central.services.catalogue.publish(bookable, central.clock.now())
    (tmp_path / "akt.pdf").write_bytes(pdf_bytes())
    (tmp_path / "sayğac.png").write_bytes(png_bytes((320, 200)))
    page = browser.new_page()
    page.goto(f"{central.url}/applications?lang=az")
    page.get_by_role("link", name=re.compile("Su təchizatı müraciəti")).click()
    page.get_by_label("Bakı Sukanal idarəsi").check()
    shot(page, shots, "01-azersu-organisation")
    page.get_by_role("button", name=AZ("apply.continue")).click()
    page.get_by_label(re.compile("Abonent şöbəsi")).check()
    shot(page, shots, "02-azersu-unit")
    page.get_by_role("button", name=AZ("apply.submit")).click()
    for name, value in AZERSU_ANSWERS.items():
        if name in ("application_type", "reason"):
            page.locator(f"#{name}").select_option(value)
        elif value:
            page.locator(f"#{name}").fill(value)
    page.locator("#files").set_input_files(
        [str(tmp_path / "akt.pdf"), str(tmp_path / "sayğac.png")]
    )
    shot(page, shots, "03-azersu-form")
    page.locator("#submit").click()
    number = page.locator("#application-number")
    expect(number).to_have_text("AZERSU-2026-000001")
    expect(page.locator("#registered-text")).to_have_text(
        AZ("apply.registered", number="AZERSU-2026-000001")
    )
    shot(page, shots, "04-azersu-registered")
    mail = central.inbox.wait_kind(AZERSU_ANSWERS["email"], "application_registered")
    assert "AZERSU-2026-000001" in plain_text(mail)
    page.get_by_role("link", name=AZ("apply.view")).click()
    expect(page.locator("#files li")).to_have_count(2)
    expect(page.locator("#files")).to_contain_text("sayğac.png")
    shot(page, shots, "05-azersu-view")

    page.get_by_role("link", name=AZ("apply.book_visit")).click()
    page.get_by_role("link", name=re.compile("Bakı 1 nömrəli")).click()
    page.get_by_role("link", name=re.compile("24 noyabr 2026")).click()
    page.get_by_role("link", name=re.compile("^10:00")).click()
    expect(page.locator("#for-application")).to_have_text(
        AZ("web.book.for_application", number="AZERSU-2026-000001")
    )
    fill_person(page, AZERSU_ANSWERS["email"])
    page.get_by_role("button", name=re.compile("Təsdiqedici şifrə e-poçt")).click()
    code = central.inbox.wait_code(AZERSU_ANSWERS["email"])
    page.get_by_label("Təsdiqedici şifrə").fill(code)
    shot(page, shots, "06-azersu-book-visit")
    page.get_by_role("button", name="Göndər", exact=True).click()
    expect(page.get_by_role("heading", name="Onlayn növbə qəbul edildi")).to_be_visible()
    order_code = page.locator("#order-code").get_attribute("data-code")
    with central.services.engine.connect() as conn:
        extra = conn.execute(
            sa.select(bookings.c.extra).where(bookings.c.order_code == order_code)
        ).scalar_one()
    assert json.loads(extra) == {"application": "AZERSU-2026-000001"}
    page.close()


def signed_in_page(browser: Browser, central: Central) -> Page:
    activate_by_email(central, register_by_api(central), EMAIL)
    page = browser.new_page()
    page.goto(f"{central.url}/account/sign-in?lang=az")
    page.locator("#login").fill("aysel.m")
    page.locator("#password").fill(PASSWORD)
    page.get_by_role("button", name=AZ("account.sign_in.submit")).click()
    expect(page.get_by_role("heading", name=AZ("account.items.title"))).to_be_visible()
    return page


def sms_code(smsc: SmscEmulator, count: int) -> str:
    messages = smsc.wait_for_messages(count, timeout=10)
    found = re.search(r"\b(\d{6})\b", messages[count - 1].text)
    assert found
    return found.group(1)


def test_azerishiq_three_fins_one_refused_then_registered_with_sms(
    browser: Browser, site: tuple[Central, SmscEmulator], shots: Path
) -> None:
    central, smsc = site
    page = signed_in_page(browser, central)
    page.goto(f"{central.url}/applications/{AZERISIQ}?lang=az")
    expect(page.locator("#first_name")).to_have_value("Aysel")  # basic data from the account
    expect(page.locator("#email")).to_have_value(EMAIL)
    page.locator("#district").select_option("xatai")
    page.locator("#address").fill("Bakı, Xətai r., Babək pr. 12")
    page.locator("#old_address").fill("Şuşa ş., Vaqif küç. 3")
    page.locator("#reason").select_option("new-subscriber")
    page.locator("#fins-1").fill("7AZ1B2C")
    page.locator("#fins-2").fill("5KQ8M3")  # one character short
    page.locator("#fins-3").fill("2XR7P4N")
    page.locator("#mobile").fill("050 111 22 33")
    page.locator("#send-code").click()
    expect(page.locator("#notice")).to_have_text(AZ("apply.sms_sent"))
    page.locator("#sms_code").fill(sms_code(smsc, 1))
    page.locator("#submit").click()
    expect(page.locator("#fins-2-error")).to_have_text(AZ("account.error.fin_format"))
    expect(page.locator(".error")).to_have_count(1)  # only that box
    expect(page.locator("#fins-2")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#fins-1")).to_have_value("7AZ1B2C")
    shot(page, shots, "06-azerishiq-bad-fin")
    page.locator("#fins-2").fill("5KQ8M3T")
    page.locator("#submit").click()
    expect(page.locator("#application-number")).to_have_text("AZERISIQ-2026-000001")
    shot(page, shots, "07-azerishiq-registered")
    registered = smsc.wait_for_messages(2, timeout=10)[1]
    assert "AZERISIQ-2026-000001" in registered.text
    assert registered.destination.endswith("501112233")
    mail = central.inbox.wait_kind(EMAIL, "application_registered")
    assert "AZERISIQ-2026-000001" in plain_text(mail)
    page.goto(f"{central.url}/account/items?lang=az")
    section = page.locator("#section-applications")
    expect(section).to_contain_text("AZERISIQ-2026-000001")
    expect(section).to_contain_text(AZ("apply.status.registered"))
    shot(page, shots, "08-my-applications")
    central.services.applications.record_result("AZERISIQ-2026-000001", "done", "", "op-3")
    page.reload()
    expect(section).to_contain_text(AZ("apply.status.done"))
    result = smsc.wait_for_messages(3, timeout=10)[2]
    assert AZ("apply.status.done") in result.text
    page.close()


def test_water_debt_lookup_on_the_page(
    browser: Browser, site: tuple[Central, SmscEmulator], shots: Path
) -> None:
    central, _smsc = site
    page = browser.new_page()
    page.goto(f"{central.url}/applications?lang=az")
    page.locator("main").get_by_role("link", name=re.compile(AZ("water.title"))).click()
    page.locator("#subscriber_code").fill("1002003001")
    page.get_by_label(AZ("water.type.household"), exact=True).check()
    page.get_by_role("button", name=AZ("water.lookup")).click()
    answer = page.locator("#answer")
    expect(answer).to_contain_text("23.40 AZN")
    expect(answer).to_contain_text("SU-558210")
    expect(answer).to_contain_text("1287")
    shot(page, shots, "09-water-debt")
    page.locator("#subscriber_code").fill("9999999999")
    page.get_by_role("button", name=AZ("water.lookup")).click()
    expect(page.locator("#failure")).to_have_text(AZ("water.error.unknown_subscriber"))
    shot(page, shots, "10-water-unknown")
    page.close()
