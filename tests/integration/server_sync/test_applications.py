"""Azərsu e-applications on the real app and store (seed 000): the steps, the number,
the e-mail, the files kept by hash and shown only to their owner, per-field refusals,
hostile uploads refused with reasons, gap-free numbers under parallel senders."""

from __future__ import annotations

import re
import socket
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from server_sync.kernel.clock import FixedClock
from server_sync.kernel.i18n import Translator
from tests.integration.server_sync.application_helpers import (
    AZERSU,
    AZERSU_ANSWERS,
    application_catalogue,
    azersu_post,
    exe_bytes,
    pdf_bytes,
    png_bomb,
    png_bytes,
    zip_bomb,
)
from tests.integration.server_sync.conftest import Central
from tests.integration.server_sync.helpers import (
    Inbox,
    config,
    plain_text,
    prepared_app,
    running,
)

AZ = Translator("az")


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def central(
    request: pytest.FixtureRequest, tmp_path: Path, clock: FixedClock, smtp: tuple[Inbox, int]
) -> Iterator[Central]:
    db_url = f"sqlite:///{tmp_path / 'central.db'}"
    if request.param == "postgres":
        db_url = request.getfixturevalue("pg_database")
    inbox, port = smtp
    cfg = config(db_url, port).with_overrides(
        {
            "applications.files_dir": str(tmp_path / "attachments"),
            "applications.max_file_kb": 256,
            "applications.max_total_kb": 400,
        }
    )
    app = prepared_app(cfg, clock, application_catalogue())
    with running(app) as url, httpx.Client(base_url=url, timeout=30) as http:
        yield Central(app, url, http, inbox, clock)


def number_on(page: str) -> str:
    found = re.search(r'id="application-number">([^<]+)<', page)
    assert found, "no application number on the page"
    return found.group(1)


def error_of(page: str, field: str) -> str:
    found = re.search(rf'id="{re.escape(field)}-error">([^<]*)<', page)
    assert found, f"no error for {field}"
    return found.group(1).replace("&#34;", '"').replace("&#39;", "'").replace("&amp;", "&")


def test_steps_organisation_then_unit_then_form(central: Central) -> None:
    first = central.http.get(f"/applications/{AZERSU}?lang=az")
    assert "Bakı Sukanal idarəsi" in first.text
    assert 'name="organisation"' in first.text
    assert 'name="unit"' not in first.text
    second = central.http.get(f"/applications/{AZERSU}?lang=az&organisation=baku-sukanal")
    assert "Abonent şöbəsi" in second.text
    assert AZ("apply.submit") in second.text
    form = central.http.get(
        f"/applications/{AZERSU}?lang=az&organisation=baku-sukanal&unit=subscribers"
    )
    assert 'enctype="multipart/form-data"' in form.text
    assert AZ("apply.field.files") in form.text
    assert "Müraciətin növü" in form.text


def test_application_with_two_files_gets_number_mail_and_owner_only_files(central: Central) -> None:
    files = [("akt.pdf", pdf_bytes(), "application/pdf"), ("sekil.png", png_bytes(), "image/png")]
    answer = azersu_post(central.http, files=files)
    assert answer.status_code == 200, answer.text
    number = number_on(answer.text)
    assert number == "AZERSU-2026-000001"
    assert AZ("apply.registered", number=number) in answer.text.replace("&#34;", '"')
    mail = central.inbox.wait_kind(AZERSU_ANSWERS["email"], "application_registered")
    assert number in plain_text(mail)
    root = Path(central.services.applications.files.root)
    stored = sorted(p.name for p in root.glob("??/*"))
    assert len(stored) == 2
    assert all(re.fullmatch(r"[0-9a-f]{64}", n) for n in stored)
    view = central.http.get(f"/applications/view/{number}")
    assert "akt.pdf" in view.text
    assert "sekil.png" in view.text
    got = central.http.get(f"/applications/view/{number}/files/1")
    assert got.status_code == 200
    assert got.content == pdf_bytes()
    assert got.headers["content-type"] == "application/pdf"
    with httpx.Client(base_url=central.url) as stranger:
        assert stranger.get(f"/applications/view/{number}").status_code == 404
        assert stranger.get(f"/applications/view/{number}/files/1").status_code == 404


def test_each_bad_field_refused_with_its_own_message(central: Central) -> None:
    answers = {**AZERSU_ANSWERS, "fin": "12AB", "phone": "12345", "email": "x@", "description": ""}
    answer = azersu_post(central.http, answers=answers)
    assert answer.status_code == 422
    assert error_of(answer.text, "fin") == AZ("account.error.fin_format")
    assert error_of(answer.text, "phone") == AZ("booking.error.phone_format")
    assert error_of(answer.text, "email") == AZ("booking.error.email_format")
    assert error_of(answer.text, "description") == AZ("booking.error.required")
    assert 'value="Bakı, Nizami küçəsi 10, mənzil 5"' in answer.text  # nothing typed is lost


def test_conditional_field_asked_only_for_its_choice(central: Central) -> None:
    other = azersu_post(central.http, answers={**AZERSU_ANSWERS, "reason": "other"})
    assert error_of(other.text, "reason_other") == AZ("booking.error.required")
    fine = azersu_post(
        central.http, answers={**AZERSU_ANSWERS, "reason": "other", "reason_other": "Təzyiq azdır"}
    )
    assert fine.status_code == 200, re.findall(r"<li><a href=\"#([^\"]+)\">([^<]*)<", fine.text)


@pytest.mark.parametrize(
    ("name", "body", "code"),
    [
        ("hesab.pdf", exe_bytes, "file_type"),
        ("arxiv.pdf", zip_bomb, "file_type"),
        ("../../etc/passwd.pdf", pdf_bytes, "file_name"),
        ("C:\\Users\\a\\akt.pdf", pdf_bytes, "file_name"),
        ("boyuk.png", png_bomb, "image_too_large"),
        ("yarim.pdf", lambda: pdf_bytes()[:-8], "file_damaged"),
    ],
    ids=["renamed-exe", "zip-bomb", "dot-dot-path", "windows-path", "png-bomb", "cut-pdf"],
)
def test_hostile_uploads_refused_with_reasons(
    central: Central, name: str, body: Callable[[], bytes], code: str
) -> None:
    answer = azersu_post(central.http, files=[(name, body(), "application/pdf")])
    assert answer.status_code == 422
    assert error_of(answer.text, "files") == AZ(f"apply.error.{code}")
    root = Path(central.services.applications.files.root)
    assert list(root.glob("??/*")) == []
    assert list((root / "incoming").glob("*")) == []


def test_file_over_the_cap_stops_the_reading(central: Central) -> None:
    big = pdf_bytes() + b"0" * (300 * 1024)
    answer = azersu_post(central.http, files=[("big.pdf", big, "application/pdf")])
    assert answer.status_code == 413
    assert error_of(answer.text, "files") == AZ("apply.error.file_too_big")
    assert list(Path(central.services.applications.files.root).glob("??/*")) == []


def test_a_200_mb_body_is_refused_before_it_is_read(central: Central) -> None:
    page = central.http.get(f"/applications/{AZERSU}?organisation=baku-sukanal&unit=subscribers")
    assert page.status_code == 200
    cookie = "; ".join(f"{k}={v}" for k, v in central.http.cookies.items())
    host, port = central.url.removeprefix("http://").split(":")
    head = (
        f"POST /applications/{AZERSU} HTTP/1.1\r\nHost: {host}\r\nCookie: {cookie}\r\n"
        "Content-Type: multipart/form-data; boundary=xyz\r\n"
        f"Content-Length: {200 * 1024 * 1024}\r\n\r\n--xyz\r\n"
    )
    started = time.monotonic()
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        sock.sendall(head.encode())
        answer = b""
        while b"</html>" not in answer:
            chunk = sock.recv(65536)
            if not chunk:
                break
            answer += chunk
    assert answer.startswith(b"HTTP/1.1 413")
    assert AZ("apply.error.files_too_big") in answer.decode()
    assert time.monotonic() - started < 5  # answered without waiting for the 200 MB


def test_numbers_are_gap_free_under_parallel_senders(central: Central) -> None:
    refused = azersu_post(central.http, answers={**AZERSU_ANSWERS, "fin": "bad"})
    assert refused.status_code == 422  # takes no number

    def send(_i: int) -> str:
        with httpx.Client(base_url=central.url, timeout=60) as http:
            answer = azersu_post(http)
            assert answer.status_code == 200, answer.text
            return number_on(answer.text)

    with ThreadPoolExecutor(6) as pool:
        numbers = sorted(pool.map(send, range(12)))
    assert numbers == [f"AZERSU-2026-{n:06d}" for n in range(1, 13)]


def test_result_is_mailed_and_purge_removes_the_files(central: Central) -> None:
    answer = azersu_post(central.http, files=[("akt.pdf", pdf_bytes("x"), "application/pdf")])
    number = number_on(answer.text)
    apps = central.services.applications
    done = apps.record_result(number, "refused", "Ünvan bizim xidmət ərazisində deyil", "op-1")
    assert done.status == "refused"
    mail = central.inbox.wait_kind(AZERSU_ANSWERS["email"], "application_result")
    body = plain_text(mail)
    assert AZ("apply.status.refused") in body
    assert "xidmət ərazisində deyil" in body
    root = Path(apps.files.root)
    assert len(list(root.glob("??/*"))) == 1
    central.clock.advance(days=apps.settings.retention_days + 1)
    central.services.housekeeping.purge()  # the nightly purge: past its retention
    assert list(root.glob("??/*")) == []
    assert apps.view(number) is None


def test_the_api_shares_the_validator_and_the_numbers(central: Central) -> None:
    form = central.http.get(f"/api/v1/services/{AZERSU}/form")
    assert form.status_code == 200
    assert [f["name"] for f in form.json()["fields"]][:4] == [
        "first_name",
        "last_name",
        "father_name",
        "fin",
    ]
    body = {
        "organisation": "head-office",
        "unit": "legal",
        "answers": {**AZERSU_ANSWERS, "fin": "7AZ1B2"},
    }
    refused = central.http.post(f"/api/v1/applications/{AZERSU}", json=body)
    assert refused.status_code == 422
    errors = {e["field"]: e["message"] for e in refused.json()["errors"]}
    assert errors == {"fin": AZ("account.error.fin_format")}
    body["answers"]["fin"] = "7AZ1B2C"
    made = central.http.post(f"/api/v1/applications/{AZERSU}", json=body)
    assert made.status_code == 201
    assert made.json()["number"] == "AZERSU-2026-000001"
    wrong = central.http.post("/api/v1/applications/electricity-idp", json={"answers": {}})
    assert wrong.status_code == 401
    assert central.http.post("/api/v1/applications/nope", json={}).status_code == 404
