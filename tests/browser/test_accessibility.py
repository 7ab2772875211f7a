"""WCAG 2.2 AA on every citizen page and state: axe-core (the npm package) runs in
Debian's Chromium over each page of `PAGES`, in az, ru and en, and must find nothing.

A page is a `Case`: a name and how to bring the page into its state (a URL, or
steps in the browser: a form submitted empty shows its errors). To cover a new
page, add a `Case` to `PAGES`. Pages behind a flow or a sign-in (the booking's
success, the account, the reception request and the office, the application
forms) have their own tests below, each state checked on the way.

axe-core is installed with npm into a cache folder (`$ASANQ_CACHE`, else
`~/.cache/asan-queue`) the first time; CI's `make test` runs this file like any other.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import subprocess
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from server_sync.kernel.clock import BAKU, FixedClock
from server_sync.kernel.i18n import Translator
from tests.browser.test_citizen_pages import ARGS, CHROMIUM
from tests.integration.server_sync.helpers import Inbox, config, prepared_app, running, smtp_server

AXE_VERSION = "4.10.3"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
LANGUAGES = ("az", "ru", "en")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium is not installed"),
]


@dataclass(frozen=True)
class Site:
    url: str
    inbox: Inbox
    services: Any


@dataclass(frozen=True)
class Case:
    """One page in one state: `open(page, site, lang)` brings it there."""

    name: str
    open: Callable[[Page, Site, str], None]


def visit(path: str) -> Callable[[Page, Site, str], None]:
    def go(page: Page, site: Site, lang: str) -> None:
        joiner = "&" if "?" in path else "?"
        page.goto(f"{site.url}{path}{joiner}lang={lang}")

    return go


def submitted_empty(path: str) -> Callable[[Page, Site, str], None]:
    """The form at `path` sent with nothing filled in: every error shown."""

    def go(page: Page, site: Site, lang: str) -> None:
        visit(path)(page, site, lang)
        page.locator("form button[type=submit]").last.click()
        expect(page.locator(".error-summary, [role=alert], .error").first).to_be_visible()

    return go


def refused_office(page: Page, site: Site, lang: str) -> None:
    """The office's sign-in with a wrong password (its fields are `required`, so an
    empty form never reaches the server): the refusal shown."""
    visit("/office/sign-in")(page, site, lang)
    page.locator("input[name=username]").fill("nobody")
    page.locator("input[name=password]").fill("wrong-password")
    page.locator("form button[type=submit]").last.click()
    expect(page.locator(".error-summary, [role=alert], .error").first).to_be_visible()


FORM = "/book?service=passport&centre=baku-1&date=2026-11-24&time=10:30"

PAGES: list[Case] = [
    Case("agencies", visit("/")),
    Case("services", visit("/book?agency=dmx")),
    Case("centres", visit("/book?service=passport")),
    Case("dates", visit("/book?service=passport&centre=baku-1")),
    Case("times", visit("/book?service=passport&centre=baku-1&date=2026-11-24")),
    Case("form", visit(FORM)),
    Case("form-errors", submitted_empty(FORM)),
    Case("manage", visit("/manage")),
    Case("manage-errors", submitted_empty("/manage")),
    Case("register", visit("/account/register")),
    Case("register-errors", submitted_empty("/account/register")),
    Case("sign-in", visit("/account/sign-in")),
    Case("sign-in-errors", submitted_empty("/account/sign-in")),
    Case("forgot", visit("/account/forgot")),
    Case("forgot-errors", submitted_empty("/account/forgot")),
    Case("ticket-status-unknown", visit("/t/baku-1/2026-11-23/A001")),
    # receptions (issue 16): the officials, the office's sign-in
    Case("receptions", visit("/receptions")),
    Case("office-sign-in", visit("/office/sign-in")),
    Case("office-sign-in-refused", lambda page, site, lang: refused_office(page, site, lang)),
    # applications (issue 17): the list of applications, the water-debt look-up
    Case("applications", visit("/applications")),
    Case("water-debt", visit("/water-debt")),
    Case("water-debt-errors", submitted_empty("/water-debt")),
]


@pytest.fixture(scope="session")
def axe_script() -> str:
    """axe.min.js from the npm package, installed once into the cache folder."""
    cache = Path(os.environ.get("ASANQ_CACHE", Path.home() / ".cache" / "asan-queue")) / "npm"
    script = cache / "node_modules" / "axe-core" / "axe.min.js"
    cache.mkdir(parents=True, exist_ok=True)
    with (cache / ".lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # test workers in parallel install it once
        if not script.exists():
            npm = shutil.which("npm")
            if npm is None:
                if os.environ.get("CI"):
                    pytest.fail("npm is missing: .ci/system-deps installs it")
                pytest.skip("npm is not installed (see .ci/system-deps)")
            subprocess.run(
                [npm, "install", "--no-audit", "--no-fund", "--prefix", str(cache),
                 f"axe-core@{AXE_VERSION}"],
                check=True, capture_output=True, timeout=300,
            )  # fmt: skip
    return script.read_text("utf-8")


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    from datetime import datetime

    from server_sync.kernel.clock import BAKU

    clock = FixedClock(datetime(2026, 11, 23, 10, 0, tzinfo=BAKU))
    folder = tmp_path_factory.mktemp("axe")
    with smtp_server() as (inbox, port):
        app = prepared_app(config(f"sqlite:///{folder / 'c.db'}", port), clock)
        with running(app) as url:
            yield Site(url, inbox, app.state.services)


def violations(page: Page, axe: str) -> list[dict[str, Any]]:
    page.add_script_tag(content=axe)
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", TAGS
    )
    return list(result["violations"])


def describe(found: list[dict[str, Any]]) -> str:
    lines = []
    for v in found:
        targets = [" ".join(n["target"]) for n in v["nodes"][:4]]
        lines.append(f"{v['id']} ({v['impact']}): {v['help']} → {targets}")
    return "\n".join(lines)


def checked(page: Page, axe: str, where: str, screenshot_dir: Path) -> None:
    found = violations(page, axe)
    if found:
        folder = screenshot_dir / "axe"
        folder.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(folder / f"{where}.png"), full_page=True)
        (folder / f"{where}.json").write_text(json.dumps(found, indent=1))
    assert not found, f"{where}:\n{describe(found)}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_booking_success_and_the_found_booking(
    browser: Browser, site: Site, axe_script: str, lang: str, screenshot_dir: Path
) -> None:
    """The states behind a flow: the success page with its order code, the booking
    found on the manage page, and after cancelling it."""
    tr = Translator(lang)
    email = f"axe-{lang}@mail.az"
    page = browser.new_page(viewport={"width": 1100, "height": 900})
    try:
        slot = {"az": "10:00", "ru": "10:30", "en": "11:00"}[lang]
        page.goto(f"{site.url}/book?service=passport&centre=baku-1&date=2026-11-24&time={slot}"
                  f"&lang={lang}")  # fmt: skip
        for name, value in {
            "first_name": "Aysel", "last_name": "Məmmədova", "father_name": "Rauf qızı",
            "id_document": f"AZE1234567{LANGUAGES.index(lang)}", "phone": "050 123 45 67", "email": email,
        }.items():  # fmt: skip
            page.locator(f"#{name}").fill(value)
        page.get_by_role("button", name=tr("web.send_code")).click()
        expect(page.locator("#notice")).to_be_visible()
        checked(page, axe_script, f"code-sent-{lang}", screenshot_dir)
        page.locator("#confirmation_code").fill(site.inbox.wait_code(email))
        page.get_by_role("button", name=tr("web.submit"), exact=True).click()
        expect(page.get_by_role("heading", name=tr("web.success_title"))).to_be_visible()
        checked(page, axe_script, f"success-{lang}", screenshot_dir)
        code = page.locator("#order-code").get_attribute("data-code")
        assert code
        page.goto(f"{site.url}/manage?lang={lang}")
        page.locator("#order_code").fill(code)
        page.locator("#email").fill(email)
        page.locator("form button[type=submit]").last.click()
        expect(page.locator("#status")).to_be_visible()
        checked(page, axe_script, f"manage-found-{lang}", screenshot_dir)
    finally:
        page.close()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_account_pages_signed_in(
    browser: Browser, site: Site, axe_script: str, lang: str, screenshot_dir: Path
) -> None:
    """Registration's later windows, activation, and every page of a signed-in citizen."""
    from tests.browser import test_account_pages as acc

    page = browser.new_page(viewport={"width": 1100, "height": 900})
    triple = (site.url, site.inbox, site.services)
    stops: list[str] = []

    def shot(p: Page, name: str) -> None:  # the account flow's own stops
        stops.append(name)
        checked(p, axe_script, f"account-{name}", screenshot_dir)

    try:
        acc.register(page, triple, lang, shot)
        acc.activate_by_email(page, triple, lang, shot)
        acc.sign_in(page, lang, shot)
        checked(page, axe_script, f"account-items-{lang}", screenshot_dir)
        code = acc.book_with_the_filled_form(page, triple, lang, shot)
        for path in (
            "/account/items", f"/account/bookings/{code}", f"/account/bookings/{code}/cancel",
            "/account", "/account/password", "/account/delete",
        ):  # fmt: skip
            page.goto(f"{site.url}{path}?lang={lang}")
            checked(page, axe_script, f"account{path.replace('/', '-')}-{lang}", screenshot_dir)
        assert len(stops) >= 4
    finally:
        page.close()


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("case", PAGES, ids=[c.name for c in PAGES])
def test_no_wcag_violations(
    browser: Browser, site: Site, axe_script: str, case: Case, lang: str, screenshot_dir: Path
) -> None:
    page = browser.new_page(viewport={"width": 1100, "height": 900})
    try:
        case.open(page, site, lang)
        assert page.locator("html").get_attribute("lang") == lang
        checked(page, axe_script, f"{case.name}-{lang}", screenshot_dir)
    finally:
        page.close()


# --- signed-in pages of receptions (issue 16) and applications (issue 17) ---------


@contextmanager
def member_central(folder: Path, catalogue: dict[str, Any]) -> Iterator[Any]:
    """`catalogue`, the seed's officials and the demo citizen signed up."""
    import httpx

    from server_sync.services.receptions import seed_demo_officials
    from tests.integration.server_sync.accounts_helpers import signed_up
    from tests.integration.server_sync.conftest import Central

    clock = FixedClock(datetime(2026, 11, 23, 10, 0, tzinfo=BAKU))
    with smtp_server() as (inbox, port):
        cfg = config(f"sqlite:///{folder / 'c.db'}", port, code_resend_seconds=0)
        cfg = cfg.with_overrides({"applications.files_dir": str(folder / "attachments")})
        app = prepared_app(cfg, clock, catalogue)
        seed_demo_officials(app.state.services.engine)
        with running(app) as url, httpx.Client(base_url=url, timeout=30) as http:
            central = Central(app, url, http, inbox, clock)
            signed_up(central)
            yield central


@pytest.fixture(scope="module")
def reception_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """The demo catalogue (its working days give the officials free dates)."""
    from server_sync.catalogue_data import load_demo_catalogue

    folder = tmp_path_factory.mktemp("axe-receptions")
    with member_central(folder, load_demo_catalogue().to_dict()) as central:
        yield central


@pytest.fixture(scope="module")
def application_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    from tests.integration.server_sync.application_helpers import application_catalogue

    folder = tmp_path_factory.mktemp("axe-applications")
    with member_central(folder, application_catalogue()) as central:
        yield central


def signed_in(browser: Browser, url: str, lang: str) -> Page:
    from tests.integration.server_sync.accounts_helpers import PASSWORD

    page = browser.new_page(viewport={"width": 1100, "height": 900})
    page.goto(f"{url}/account/sign-in?lang={lang}")
    page.locator("#login").fill("aysel.m")
    page.locator("#password").fill(PASSWORD)
    page.locator("form button[type=submit]").last.click()
    expect(page.locator("#section-receptions, #new-reception").first).to_be_attached()
    return page


@pytest.mark.parametrize("lang", LANGUAGES)
def test_reception_pages_signed_in(
    browser: Browser, reception_site: Any, axe_script: str, lang: str, screenshot_dir: Path
) -> None:
    """The request form (empty, with errors), the sent page, the history, the
    request's page and its printable notice for a signed-in citizen; the office list and request for a
    signed-in reception secretary."""
    from server_sync.services.receptions.office import set_secretary
    from tests.integration.server_sync.reception_helpers import OFFICIAL

    url = reception_site.url
    page = signed_in(browser, url, lang)
    try:
        page.goto(f"{url}/receptions/new?official={OFFICIAL}&lang={lang}")
        checked(page, axe_script, f"reception-form-{lang}", screenshot_dir)
        page.locator("#send").click()
        expect(page.locator(".error-summary")).to_be_visible()
        checked(page, axe_script, f"reception-form-errors-{lang}", screenshot_dir)
        page.locator("#day").select_option(index=1 + LANGUAGES.index(lang))
        page.locator("#topic").select_option(index=1)
        page.locator("#social_status").select_option(index=1)
        page.locator("#workplace").fill("Məlumat Hesablama Mərkəzi, mühəndis")
        page.locator("#send").click()
        expect(page.locator("#sent-title")).to_be_visible()
        assert page.locator("html").get_attribute("lang") == lang
        checked(page, axe_script, f"reception-sent-{lang}", screenshot_dir)
        number = page.locator("#request-number").inner_text()
        page.goto(f"{url}/receptions/history?lang={lang}")
        expect(page.locator(f"#request-{number}")).to_be_visible()
        checked(page, axe_script, f"reception-history-{lang}", screenshot_dir)
        page.locator(f"#request-{number}").get_by_role("link").first.click()
        expect(page.locator("#send-comment")).to_be_visible()
        checked(page, axe_script, f"reception-detail-{lang}", screenshot_dir)
        page.locator("#send-comment").click()  # an empty comment: refused
        checked(page, axe_script, f"reception-detail-errors-{lang}", screenshot_dir)
        notice = page.goto(f"{url}/receptions/{number}/notice?lang={lang}")
        assert notice is not None
        assert notice.status == 200
        checked(page, axe_script, f"reception-notice-{lang}", screenshot_dir)
    finally:
        page.close()

    services = reception_site.services
    set_secretary(services.engine, f"katib-{lang}", "katib-sifre-2026", [OFFICIAL],
                  reception_site.clock.now())  # fmt: skip
    office = browser.new_page(viewport={"width": 1100, "height": 900})
    try:
        office.goto(f"{url}/office?lang={lang}")
        office.locator("#username").fill(f"katib-{lang}")
        office.locator("#password").fill("katib-sifre-2026")
        office.locator("#office-sign-in").click()
        office.locator("#span-week").click()
        expect(office.locator(f"#office-{number}")).to_be_visible()
        assert office.locator("html").get_attribute("lang") == lang
        checked(office, axe_script, f"office-list-{lang}", screenshot_dir)
        office.locator(f"#office-{number} a").first.click()
        expect(office.locator("#close")).to_be_visible()
        checked(office, axe_script, f"office-request-{lang}", screenshot_dir)
        office.locator("#close").click()  # without a comment: refused
        expect(office.locator("#comment-error")).to_be_visible()
        checked(office, axe_script, f"office-request-errors-{lang}", screenshot_dir)
    finally:
        office.close()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_application_forms(
    browser: Browser, application_site: Any, axe_script: str, lang: str, screenshot_dir: Path
) -> None:
    """The Azərsu steps, form (empty, with errors), registered page and the
    application's own page, and the Azərişıq form of a signed-in citizen (empty, with
    errors)."""
    from tests.integration.server_sync.application_helpers import (
        AZERISIQ,
        AZERSU,
        AZERSU_ANSWERS,
    )

    url = application_site.url
    page = browser.new_page(viewport={"width": 1100, "height": 900})
    try:
        page.goto(f"{url}/applications/{AZERSU}?lang={lang}")
        checked(page, axe_script, f"azersu-organisation-{lang}", screenshot_dir)
        page.goto(f"{url}/applications/{AZERSU}?organisation=baku-sukanal&lang={lang}")
        checked(page, axe_script, f"azersu-unit-{lang}", screenshot_dir)
        page.goto(
            f"{url}/applications/{AZERSU}?organisation=baku-sukanal&unit=subscribers&lang={lang}"
        )
        expect(page.locator("#submit")).to_be_visible()
        checked(page, axe_script, f"azersu-form-{lang}", screenshot_dir)
        page.locator("#submit").click()
        expect(page.locator(".error").first).to_be_visible()
        assert page.locator("html").get_attribute("lang") == lang
        checked(page, axe_script, f"azersu-form-errors-{lang}", screenshot_dir)
        for name, value in AZERSU_ANSWERS.items():
            if name in ("application_type", "reason"):
                page.locator(f"#{name}").select_option(value)
            elif value:
                page.locator(f"#{name}").fill(value)
        page.locator("#submit").click()
        number = page.locator("#application-number").inner_text()
        checked(page, axe_script, f"azersu-registered-{lang}", screenshot_dir)
        page.get_by_role("link", name=Translator(lang)("apply.view")).click()
        expect(page.locator("main")).to_contain_text(number)
        checked(page, axe_script, f"azersu-view-{lang}", screenshot_dir)
    finally:
        page.close()
    page = signed_in(browser, url, lang)
    try:
        page.goto(f"{url}/applications/{AZERISIQ}?lang={lang}")
        expect(page.locator("#first_name")).to_have_value("Aysel")
        checked(page, axe_script, f"azerisiq-form-{lang}", screenshot_dir)
        page.locator("#submit").click()
        expect(page.locator(".error").first).to_be_visible()
        assert page.locator("html").get_attribute("lang") == lang
        checked(page, axe_script, f"azerisiq-form-errors-{lang}", screenshot_dir)
    finally:
        page.close()
