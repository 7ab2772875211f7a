"""A real browser books a place through the citizen pages, end to end.

Debian's Chromium, headless, driven by Playwright; the service runs under a
real uvicorn with the anti-bot check on (the page's own script solves it) and
sends mail to a real SMTP server. Screenshots of each page go to
`$ASANQ_SCREENSHOTS/citizen` (a temporary folder when unset) for people to look at.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from server_sync.kernel.clock import FixedClock
from tests.integration.server_sync.helpers import (
    Inbox,
    config,
    plain_text,
    prepared_app,
    running,
    smtp_server,
)

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-quic",
    "--no-first-run",
    "--disable-component-update",
    "--disable-sync",
]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium is not installed"),
]


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def site(tmp_path: Path, clock: FixedClock) -> Iterator[tuple[str, Inbox]]:
    with smtp_server() as (inbox, port):
        cfg = config(
            f"sqlite:///{tmp_path / 'c.db'}", port, antibot=True, antibot_difficulty_bits=10
        )
        with running(prepared_app(cfg, clock)) as url:
            yield url, inbox


@pytest.fixture
def shot(screenshot_dir: Path) -> Callable[[Page, str], None]:
    """Save a full-page picture of `page` as `<name>.png`."""
    folder = screenshot_dir / "citizen"
    folder.mkdir(parents=True, exist_ok=True)

    def save(page: Page, name: str) -> None:
        page.screenshot(path=str(folder / f"{name}.png"), full_page=True)

    return save


def fill_person(page: Page, email: str) -> None:
    page.get_by_label(re.compile(r"^Ad\b")).fill("Aysel")
    page.get_by_label("Soyad").fill("Məmmədova")
    page.get_by_label("Ata adı").fill("Rauf qızı")
    page.get_by_label("Ş/V seriyası və nömrəsi").fill("AZE12345678")
    page.get_by_label("Telefon").fill("050 123 45 67")
    page.get_by_label("E-poçt").fill(email)


def test_book_a_place_and_read_the_order_code_from_page_and_mail(
    shot: Callable[[Page, str], None], browser: Browser, site: tuple[str, Inbox]
) -> None:
    url, inbox = site
    page = browser.new_page(viewport={"width": 1100, "height": 900})
    page.goto(f"{url}/")
    expect(page).to_have_title(re.compile("onlayn növbə"))
    shot(page, "01-agency-az")
    page.get_by_role("link", name="Dövlət Miqrasiya Xidməti").click()
    shot(page, "02-service-az")
    page.get_by_role("link", name="Pasportun verilməsi").click()
    page.get_by_role("link", name=re.compile("Bakı 1 nömrəli")).click()
    shot(page, "03-date-az")
    page.get_by_role("link", name=re.compile("24 noyabr 2026")).click()
    shot(page, "04-time-az")
    page.get_by_role("link", name=re.compile("^10:00")).click()

    fill_person(page, "aysel@mail.az")
    page.get_by_label("Təsdiqedici şifrə").fill("999")
    page.get_by_role("button", name="Göndər", exact=True).click()
    expect(page.locator(".error-summary")).to_be_visible()
    expect(page.locator("#confirmation_code-error")).to_be_visible()
    shot(page, "05-form-errors-az")

    page.get_by_role("button", name=re.compile("Təsdiqedici şifrə e-poçt")).click()
    expect(page.locator("#notice")).to_contain_text("a***@mail.az")
    code = inbox.wait_code("aysel@mail.az")
    page.get_by_label("Təsdiqedici şifrə").fill(code)
    shot(page, "06-form-az")
    page.get_by_role("button", name="Göndər", exact=True).click()

    expect(page.get_by_role("heading", name="Onlayn növbə qəbul edildi")).to_be_visible()
    shot(page, "07-success-az")
    order_code = page.locator("#order-code").get_attribute("data-code")
    assert order_code is not None
    assert len(order_code) == 12
    mail = inbox.wait_kind("aysel@mail.az", "confirmed")
    spaced = " ".join(order_code[i : i + 4] for i in range(0, 12, 4))
    assert spaced in mail["Subject"]
    assert spaced in plain_text(mail)
    page.emulate_media(media="print")
    shot(page, "08-success-print")
    page.emulate_media(media="screen")

    phone = browser.new_page(viewport={"width": 390, "height": 844}, device_scale_factor=2)
    phone.goto(f"{url}/book?service=passport&centre=baku-1&date=2026-11-24&lang=ru")
    expect(phone.get_by_role("heading", name="Выберите время")).to_be_visible()
    expect(phone.locator(".option.disabled")).to_have_count(0)
    shot(phone, "09-time-ru-phone")
    phone.goto(f"{url}/book?service=passport&centre=baku-1&date=2026-11-24&time=10:30&lang=ru")
    shot(phone, "10-form-ru-phone")

    manage = browser.new_page(viewport={"width": 1100, "height": 900})
    manage.goto(f"{url}/manage?lang=en")
    manage.get_by_label("Order code").fill(spaced)
    manage.get_by_label("E-mail").fill("aysel@mail.az")
    manage.get_by_role("button", name="Find").click()
    expect(manage.locator("#status")).to_have_text("active")
    shot(manage, "11-manage-en")
    manage.get_by_role("button", name="Cancel the booking").click()
    # first a question: nothing is cancelled yet, and "no" keeps the booking
    expect(manage.locator("#confirm-question")).to_contain_text("cannot be undone")
    expect(manage.locator("#status")).to_have_text("active")
    shot(manage, "11b-cancel-confirm-en")
    manage.get_by_role("button", name="No, keep the booking").click()
    expect(manage.locator("#status")).to_have_text("active")
    expect(manage.locator("#confirm-question")).to_have_count(0)
    manage.get_by_role("button", name="Cancel the booking").click()
    manage.get_by_role("button", name="Yes, cancel the booking").click()
    expect(manage.locator("#status")).to_have_text("cancelled")
    expect(manage.get_by_role("button", name=re.compile("Cancel"))).to_have_count(0)
    shot(manage, "12-cancelled-en")
    cancelled = plain_text(inbox.wait_kind("aysel@mail.az", "cancelled"))
    assert "/manage" not in cancelled  # nothing left to cancel
    assert "/book?lang=az" in cancelled


def test_pages_work_with_the_keyboard_alone(browser: Browser, site: tuple[str, Inbox]) -> None:
    url, _ = site
    page = browser.new_page()
    page.goto(f"{url}/book?lang=en")
    page.keyboard.press("Tab")
    expect(page.locator(".skip")).to_be_focused()
    page.keyboard.press("Enter")
    for _ in range(6):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('option')"):
            break
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Choose the service")).to_be_visible()
