"""A reception with an official in a real browser (issue 16, "done when").

Debian's Chromium, headless; the service under a real uvicorn with the demo
catalogue and the seed's eight officials, mail to a real SMTP server. The demo
citizen (registered over the API) signs in on the page, requests a reception with
İSGƏNDƏROV ŞAHİN HÜSEYN OĞLU, opens the notice (its barcode decodes with zxing from
a screenshot and from the PDF), finds the request in the history by a date typed
"24.11.2026", adds a comment; the reception secretary closes it with a comment on
the office page and the citizen sees the closing comment in the history.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image
from playwright.sync_api import Browser, Page, expect, sync_playwright

from server_sync.kernel.clock import FixedClock
from server_sync.kernel.i18n import Translator
from server_sync.services.receptions.office import set_secretary
from server_sync.sms.emulator import SmscEmulator
from server_sync.sms.emulator_inbox import ReceivedSms
from tests.browser.test_citizen_pages import ARGS, CHROMIUM
from tests.integration.server_sync.accounts_helpers import PASSWORD, signed_up
from tests.integration.server_sync.conftest import Central
from tests.integration.server_sync.helpers import plain_text
from tests.integration.server_sync.reception_helpers import OFFICIAL, reception_central

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium is not installed"),
]
CLOSING = "Məsələ ilə bağlı sənədlər hazırlandı, müraciət bağlanır."


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def smsc(tmp_path: Path) -> Iterator[SmscEmulator]:
    with SmscEmulator(tmp_path / "smsc") as running_smsc:
        yield running_smsc


@pytest.fixture
def site(tmp_path: Path, clock: FixedClock, smsc: SmscEmulator) -> Iterator[Central]:
    url = f"sqlite:///{tmp_path / 'c.db'}"
    with reception_central(url, clock, sms_url=smsc.url) as central:
        yield central


def sms_to(smsc: SmscEmulator, count: int) -> list[ReceivedSms]:
    """The first `count` SMS the emulator stored for Aysel's number (…1112233)."""
    assert smsc.wait_for(
        lambda: len([m for m in smsc.messages if m.destination.endswith("501112233")]) >= count,
        15,
    ), f"{count} SMS"
    return [m for m in smsc.messages if m.destination.endswith("501112233")][:count]


@pytest.fixture
def shots(screenshot_dir: Path) -> Path:
    folder = screenshot_dir / "receptions"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def decode(picture: Path) -> list[tuple[str, str]]:
    return [(b.text, b.format.name) for b in zxingcpp.read_barcodes(Image.open(picture))]


def request_a_reception(page: Page, site: Central, shots: Path, tr: Translator) -> str:
    page.goto(f"{site.url}/account/sign-in?lang=az")
    page.locator("#login").fill("aysel.m")
    page.locator("#password").fill(PASSWORD)
    page.get_by_role("button", name=tr("account.sign_in.submit")).click()
    page.locator("#new-reception").click()
    expect(page.get_by_role("heading", name=tr("reception.officials.title"))).to_be_visible()
    expect(page.locator("li.official")).to_have_count(8)
    page.screenshot(path=str(shots / "01-officials.png"), full_page=True)
    page.locator(f"#official-{OFFICIAL} a").click()
    expect(page.locator("#chosen-official")).to_contain_text("İSGƏNDƏROV ŞAHİN HÜSEYN OĞLU")
    expect(page.locator("#day option")).to_have_count(5)  # "—" and the next 4 dates
    expect(page.locator("#full-name")).to_have_text("Məmmədova Aysel Rauf qızı")
    expect(page.locator("#email")).to_have_value("aysel.m@mail.az")
    page.get_by_role("button", name=tr("reception.send")).click()  # nothing chosen yet
    expect(page.locator(".error-summary")).to_be_visible()
    expect(page.locator("#topic-error")).to_have_text(tr("booking.error.required"))
    page.screenshot(path=str(shots / "02-form-errors.png"), full_page=True)
    page.locator("#day").select_option("2026-11-24")
    page.locator("#topic").select_option("entrepreneurship")
    page.locator("#social_status").select_option("private_sector")
    page.locator("#privilege").select_option("disabled")
    page.locator("#workplace").fill("Məlumat Hesablama Mərkəzi, mühəndis")
    page.locator("#note").fill("Kiçik sahibkarlıq krediti barədə")
    page.screenshot(path=str(shots / "03-form.png"), full_page=True)
    page.get_by_role("button", name=tr("reception.send")).click()
    expect(page.locator("#sent-title")).to_contain_text(tr("reception.sent.title"))
    number = page.locator("#request-number").inner_text()
    page.screenshot(path=str(shots / "04-sent.png"), full_page=True)
    return number


def test_request_notice_history_comment_and_the_secretary_closes_it(
    browser: Browser, site: Central, smsc: SmscEmulator, shots: Path, tmp_path: Path
) -> None:
    tr = Translator("az")
    signed_up(site)
    page = browser.new_page(viewport={"width": 1100, "height": 900})
    number = request_a_reception(page, site, shots, tr)
    sent = site.inbox.wait_kind("aysel.m@mail.az", "reception_sent")
    assert number in plain_text(sent)
    official = "Şöbə müdiri İSGƏNDƏROV ŞAHİN HÜSEYN OĞLU"
    (sent_sms,) = sms_to(smsc, 1)
    assert sent_sms.text == tr(
        "sms.reception_sent", number=number, official=official, date="24.11.2026", start="09:00"
    )

    page.get_by_role("link", name=tr("reception.print_notice")).click()
    expect(page.locator("#notice-number")).to_have_text(number)
    expect(page.locator("#notice-day")).to_have_text("24 NOYABR 2026")
    expect(page.locator("#barcode")).to_be_visible()
    page.screenshot(path=str(shots / "05-notice.png"), full_page=True)
    order_code = page.locator(".barcode .digits").inner_text()
    assert re.fullmatch(r"\d{12}", order_code)
    page.locator("#barcode").screenshot(path=str(shots / "05-barcode.png"))
    assert decode(shots / "05-barcode.png") == [(order_code, "Code128")]
    pdf = page.request.get(f"{site.url}/receptions/{number}/notice.pdf?lang=az")
    assert pdf.headers["content-type"] == "application/pdf"
    (tmp_path / "notice.pdf").write_bytes(pdf.body())
    subprocess.run(
        [
            "pdftoppm",
            "-r",
            "110",
            "-png",
            "-singlefile",
            str(tmp_path / "notice.pdf"),
            str(shots / "06-notice-pdf"),
        ],
        check=True,
    )
    assert decode(shots / "06-notice-pdf.png") == [(order_code, "Code128")]

    page.goto(f"{site.url}/receptions/history?lang=az")
    page.locator("#date").fill("25.11.2026")
    page.locator("#search").click()
    expect(page.locator("#no-results")).to_be_visible()
    page.locator("#date").fill("24.11.2026")
    page.locator("#search").click()
    row = page.locator(f"#request-{number}")
    expect(row).to_be_visible()
    expect(row.locator(".status")).to_have_text(tr("reception.status.sent"))
    page.screenshot(path=str(shots / "07-history-search.png"), full_page=True)
    row.get_by_role("link").click()
    page.locator("#comment").fill("Sənədlərin surətlərini də gətirəcəyəm.")
    page.locator("#send-comment").click()
    expect(page.locator("#notice")).to_have_text(tr("reception.comment.added"))
    expect(page.locator("#events .event-comment")).to_contain_text("Sənədlərin surətlərini")
    page.screenshot(path=str(shots / "08-detail-comment.png"), full_page=True)
    page.locator("#withdraw-open").click()  # the withdrawal opens, and is not sent
    expect(page.locator("#withdraw")).to_have_text(tr("reception.withdraw.confirm"))
    expect(page.locator("#reason")).to_be_visible()
    page.locator("#withdraw").scroll_into_view_if_needed()
    page.screenshot(path=str(shots / "08b-detail-withdraw-open.png"), full_page=True)

    set_secretary(site.services.engine, "katib", "katib-sifre-2026", [OFFICIAL], site.clock.now())
    office = browser.new_page(viewport={"width": 1100, "height": 900})
    office.goto(f"{site.url}/office?lang=az")
    office.locator("#username").fill("katib")
    office.locator("#password").fill("katib-sifre-2026")
    office.locator("#office-sign-in").click()
    office.locator("#span-week").click()
    expect(office.locator(f"#office-{number}")).to_contain_text("Məmmədova Aysel")
    expect(office.locator(f"#office-{number}")).to_contain_text(tr("reception.privilege.disabled"))
    office.screenshot(path=str(shots / "09-office-week.png"), full_page=True)
    office.locator(f"#office-{number} a").click()
    office.locator("#close").click()  # without a comment: refused
    expect(office.locator("#comment-error")).to_be_visible()
    office.locator("#comment").fill(CLOSING)
    office.locator("#close").click()
    expect(office.locator("#office-status")).to_have_text(tr("reception.status.closed"))
    office.screenshot(path=str(shots / "10-office-closed.png"), full_page=True)
    closed = site.inbox.wait_kind("aysel.m@mail.az", "reception_closed")
    assert CLOSING in plain_text(closed)
    closed_sms = sms_to(smsc, 2)[-1]
    assert closed_sms.text == tr("sms.reception_closed", number=number, comment=CLOSING)

    page.goto(f"{site.url}/receptions/history?lang=az&status=closed")
    expect(page.locator(f"#request-{number} .status")).to_have_text(tr("reception.status.closed"))
    page.locator(f"#request-{number}").get_by_role("link").click()
    expect(page.locator("#events .event-closed")).to_contain_text(CLOSING)
    page.screenshot(path=str(shots / "11-citizen-sees-closing.png"), full_page=True)
    page.goto(f"{site.url}/account/items?lang=az")
    expect(page.locator("#section-receptions")).to_contain_text(number)
    expect(page.locator("#section-bookings tbody tr")).to_have_count(0)  # not twice
    page.screenshot(path=str(shots / "12-my-items.png"), full_page=True)
