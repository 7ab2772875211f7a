"""Reception requests against the real app and stores (seed 002): officials and the
next 4 dates, a request and its history search, comments, the secretary's decisions
told by e-mail, the notice's barcode, and no overbooking of a reception day under a
race (SQLite and PostgreSQL)."""

from __future__ import annotations

import io
import subprocess
import threading
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa
import zxingcpp
from PIL import Image

from server_sync.kernel.clock import FixedClock
from server_sync.services.receptions.notice import barcode_png
from server_sync.services.receptions.office import set_secretary
from server_sync.store.reception_tables import reception_officials
from server_sync.store.tables import bookings, slot_counters
from tests.integration.server_sync.accounts_helpers import bearer, signed_up
from tests.integration.server_sync.conftest import Central
from tests.integration.server_sync.helpers import plain_text
from tests.integration.server_sync.reception_helpers import (
    OFFICIAL,
    reception_central,
    request_body,
)

STORES = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


@pytest.fixture(params=STORES)
def rc(request: pytest.FixtureRequest, tmp_path: Path, clock: FixedClock) -> Iterator[Central]:
    url = (
        f"sqlite:///{tmp_path / 'c.db'}"
        if request.param == "sqlite"
        else request.getfixturevalue("pg_database")
    )
    with reception_central(url, clock) as central:
        yield central


@pytest.fixture
def sqlite_rc(tmp_path: Path, clock: FixedClock) -> Iterator[Central]:
    with reception_central(f"sqlite:///{tmp_path / 'c.db'}", clock) as central:
        yield central


def test_the_eight_officials_of_the_seed_with_their_days(sqlite_rc: Central) -> None:
    answer = sqlite_rc.http.get("/api/v1/receptions/officials")
    assert answer.status_code == 200
    officials = {o["full_name"]: o for o in answer.json()}
    assert len(officials) == 8
    assert officials["QULİYEV MAHİR HACI OĞLU"]["weekdays"] == [0]
    assert officials["ŞAHBAZOV ZAKİR VƏKİL OĞLU"]["weekdays"] == [2, 4]
    assert officials["İSGƏNDƏROV ŞAHİN HÜSEYN OĞLU"]["weekdays"] == [0, 1, 2, 3, 4]
    assert officials["QULİYEV MAHİR HACI OĞLU"]["reception_hours"] == "10:00-dan"


def test_the_next_four_dates_from_tomorrow(sqlite_rc: Central) -> None:
    # The clock is Monday 23 November 2026; Quliyev receives on Mondays.
    answer = sqlite_rc.http.get("/api/v1/receptions/officials/quliyev-mahir/dates").json()
    assert answer["dates"] == ["2026-11-30", "2026-12-07", "2026-12-14", "2026-12-21"]
    assert sqlite_rc.http.get("/api/v1/receptions/officials/nobody/dates").status_code == 404


def test_a_full_day_is_skipped_and_said_so(sqlite_rc: Central) -> None:
    with sqlite_rc.services.engine.begin() as conn:
        conn.execute(
            slot_counters.insert().values(
                resource="reception:quliyev-mahir", day=date(2026, 11, 30), start="10:00", taken=10
            )
        )
    answer = sqlite_rc.http.get("/api/v1/receptions/officials/quliyev-mahir/dates").json()
    assert answer["dates"][0] == "2026-12-07"
    assert answer["skipped"] == [{"date": "2026-11-30", "reason": "full"}]


def test_request_history_search_comment_and_the_secretary_closes_it(rc: Central) -> None:
    token = signed_up(rc)
    made = rc.http.post(
        "/api/v1/receptions", json=request_body("2026-11-24"), headers=bearer(token)
    )
    assert made.status_code == 201, made.text
    number = made.json()["number"]
    assert made.json()["start"] == "09:00"  # "bütün iş saatı": from the centre's opening
    sent = rc.inbox.wait_kind("aysel.m@mail.az", "reception_sent")
    assert number in plain_text(sent)

    for typed in ("24.11.2026", "24/11/2026", "2026-11-24", "24 noyabr 2026", "24 ноября 2026"):
        found = rc.http.get("/api/v1/receptions", params={"on": typed}, headers=bearer(token))
        assert [r["number"] for r in found.json()] == [number], typed
    found = rc.http.get("/api/v1/receptions", params={"on": "25.11.2026"}, headers=bearer(token))
    assert found.json() == []
    bad = rc.http.get("/api/v1/receptions", params={"on": "31.02.2026"}, headers=bearer(token))
    assert bad.status_code == 422

    too_long = rc.http.post(
        f"/api/v1/receptions/{number}/comments", json={"comment": "a" * 1001}, headers=bearer(token)
    )
    assert too_long.status_code == 422
    commented = rc.http.post(
        f"/api/v1/receptions/{number}/comments",
        json={"comment": "Sənədlərimi gətirəcəyəm"},
        headers=bearer(token),
    )
    assert commented.status_code == 201
    assert [e["kind"] for e in commented.json()["events"]] == ["sent", "comment"]

    office = rc.services.receptions.office
    set_secretary(rc.services.engine, "katib", "katib-sifre-2026", [OFFICIAL], rc.clock.now())
    assert office.check_password("katib", "katib-sifre-2026")
    assert not office.check_password("katib", "wrong-password")
    listed = office.requests(
        "katib",
        *__import__("server_sync.services.receptions.office", fromlist=["week_of"]).week_of(
            rc.clock.now().date()
        ),
    )
    assert [v.number for v in listed] == [number]
    with pytest.raises(Exception, match="comment"):
        office.decide("katib", number, "close", "")  # a closing needs its comment
    office.decide("katib", number, "close", "Məsələ yerində həll olundu")
    closed = rc.inbox.wait_kind("aysel.m@mail.az", "reception_closed")
    assert "Məsələ yerində həll olundu" in plain_text(closed)
    mine = rc.http.get(f"/api/v1/receptions/{number}", headers=bearer(token)).json()
    assert mine["status"] == "closed"
    assert mine["events"][-1]["comment"] == "Məsələ yerində həll olundu"
    with rc.services.engine.connect() as conn:
        status = conn.execute(
            sa.select(bookings.c.status).where(bookings.c.order_code == mine["order_code"])
        ).scalar_one()
    assert status == "cancelled"  # the kiosk now says "cancelled"
    closed_only = rc.http.get(
        "/api/v1/receptions", params={"status": "closed"}, headers=bearer(token)
    )
    assert len(closed_only.json()) == 1


def test_a_request_with_bad_fields_gets_every_reason(sqlite_rc: Central) -> None:
    token = signed_up(sqlite_rc)
    body = request_body("2026-11-23", topic="", phone="12", note="x" * 400)
    answer = sqlite_rc.http.post("/api/v1/receptions", json=body, headers=bearer(token))
    assert answer.status_code == 422
    fields = {e["field"] for e in answer.json()["errors"]}
    assert fields == {"day", "topic", "phone"}
    too_long = sqlite_rc.http.post(
        "/api/v1/receptions", json=request_body("2026-11-24", note="x" * 401), headers=bearer(token)
    )
    assert too_long.status_code == 422
    assert (
        sqlite_rc.http.post("/api/v1/receptions", json=request_body("2026-11-24")).status_code
        == 401
    )


def set_capacity(central: Central, places: int) -> None:
    """The official takes `places` citizens on each reception day."""
    with central.services.engine.begin() as conn:
        conn.execute(
            reception_officials.update()
            .where(reception_officials.c.id == OFFICIAL)
            .values(capacity=places)
        )


def test_no_overbooking_of_a_reception_day_under_a_race(rc: Central) -> None:
    token = signed_up(rc)
    set_capacity(rc, 3)
    answers: list[int] = []
    lock = threading.Lock()
    start = threading.Barrier(12)

    def one() -> None:
        start.wait()
        code = rc.http.post(
            "/api/v1/receptions", json=request_body("2026-11-24"), headers=bearer(token)
        ).status_code
        with lock:
            answers.append(code)

    threads = [threading.Thread(target=one) for _ in range(12)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(answers).count(201) == 3
    assert set(answers) <= {201, 409, 422}  # 422: the day is no longer offered
    with rc.services.engine.connect() as conn:
        held = conn.execute(
            sa.select(sa.func.count()).where(
                (bookings.c.resource == f"reception:{OFFICIAL}")
                & (bookings.c.day == date(2026, 11, 24))
            )
        ).scalar_one()
    assert held == 3


def test_the_notice_pdf_carries_a_barcode_of_the_order_code(
    sqlite_rc: Central, tmp_path: Path
) -> None:
    token = signed_up(sqlite_rc)
    made = sqlite_rc.http.post(
        "/api/v1/receptions", json=request_body("2026-11-25"), headers=bearer(token)
    ).json()
    view = sqlite_rc.services.receptions.requests.own(
        sqlite_rc.services.accounts.sessions.resolve(token, "api").citizen_id, made["number"]
    )
    assert view is not None
    from server_sync.services.receptions.notice import notice_facts, notice_pdf

    official = sqlite_rc.services.receptions.officials.get(OFFICIAL)
    assert official is not None
    facts = notice_facts(view, official, "reception.hours.all_day", "az", sqlite_rc.clock.now())
    assert facts.day == "25 NOYABR 2026"
    assert facts.document_number != view.id_document  # masked
    pdf = tmp_path / "notice.pdf"
    pdf.write_bytes(notice_pdf(facts, "az"))
    subprocess.run(["pdftoppm", "-r", "150", "-png", str(pdf), str(tmp_path / "page")], check=True)
    page = Image.open(next(tmp_path.glob("page*.png")))
    decoded = zxingcpp.read_barcodes(page)
    assert [(b.text, b.format.name) for b in decoded] == [(made["order_code"], "Code128")]
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True)
    assert "İSGƏNDƏROV ŞAHİN HÜSEYN OĞLU" in text.stdout
    assert "Biləsuvar Rayon İcra Hakimiyyəti" in text.stdout
    png = Image.open(io.BytesIO(barcode_png(made["order_code"])))
    assert zxingcpp.read_barcodes(png)[0].text == made["order_code"]


def test_the_secretary_accepts_then_moves_a_request_to_another_day(sqlite_rc: Central) -> None:
    token = signed_up(sqlite_rc)
    made = sqlite_rc.http.post(
        "/api/v1/receptions", json=request_body("2026-11-24"), headers=bearer(token)
    ).json()
    office = sqlite_rc.services.receptions.office
    set_secretary(sqlite_rc.services.engine, "katib", "katib-sifre-2026", [], sqlite_rc.clock.now())
    office.decide("katib", made["number"], "accept", "")
    with pytest.raises(Exception, match="day"):
        office.decide("katib", made["number"], "move", "Həmin gün məzuniyyətdədir", "2026-11-28")
    moved = office.decide(
        "katib", made["number"], "move", "Həmin gün məzuniyyətdədir", "2026-11-26"
    )
    assert (moved.status, moved.day) == ("moved", date(2026, 11, 26))
    moved_mail = sqlite_rc.inbox.wait_kind("aysel.m@mail.az", "reception_moved")
    assert "26 noyabr 2026" in plain_text(moved_mail)
    with sqlite_rc.services.engine.connect() as conn:
        day = conn.execute(
            sa.select(bookings.c.day).where(bookings.c.order_code == made["order_code"])
        ).scalar_one()
        counts = dict(
            conn.execute(
                sa.select(slot_counters.c.day, slot_counters.c.taken).where(
                    slot_counters.c.resource == f"reception:{OFFICIAL}"
                )
            ).all()
        )
    assert day == date(2026, 11, 26)  # the kiosk now expects the citizen that day
    assert counts == {date(2026, 11, 24): 0, date(2026, 11, 26): 1}
    mine = sqlite_rc.http.get(f"/api/v1/receptions/{made['number']}", headers=bearer(token)).json()
    assert [e["kind"] for e in mine["events"]] == ["sent", "accepted", "moved"]


@pytest.mark.parametrize("lang", ["az", "ru", "en"])
def test_the_pages_speak_the_citizens_language(sqlite_rc: Central, lang: str) -> None:
    from server_sync.kernel.i18n import Translator
    from tests.integration.server_sync.accounts_helpers import PASSWORD, hidden

    tr = Translator(lang)
    signed_up(sqlite_rc)
    page = sqlite_rc.http.get(f"/account/sign-in?lang={lang}")
    signed = sqlite_rc.http.post(
        "/account/sign-in",
        data={
            "csrf": hidden(page.text, "csrf"),
            "lang": lang,
            "login": "aysel.m",
            "password": PASSWORD,
        },
    )
    assert signed.status_code in (200, 303), signed.text[:300]
    officials = sqlite_rc.http.get(f"/receptions?lang={lang}")
    assert officials.status_code == 200
    assert tr("reception.officials.title") in officials.text
    form = sqlite_rc.http.get(f"/receptions/new?official={OFFICIAL}&lang={lang}")
    assert tr("reception.send") in form.text
    assert tr("reception.field.same_address") in form.text
    history = sqlite_rc.http.get(f"/receptions/history?lang={lang}&date=32.13.2026")
    assert tr("reception.error.date_format") in history.text
    sqlite_rc.http.cookies.clear()
    assert sqlite_rc.http.get(f"/receptions?lang={lang}").status_code in (303, 200)


def test_deleting_the_account_keeps_the_request_and_the_purge_empties_it(rc: Central) -> None:
    from datetime import timedelta

    from server_sync.store.reception_tables import reception_events, reception_requests
    from tests.integration.server_sync.accounts_helpers import PASSWORD

    token = signed_up(rc)
    made = rc.http.post(
        "/api/v1/receptions", json=request_body("2026-11-24"), headers=bearer(token)
    ).json()
    rc.http.post(
        f"/api/v1/receptions/{made['number']}/comments",
        json={"comment": "Mənim telefonum dəyişib"},
        headers=bearer(token),
    )
    gone = rc.http.post(
        "/api/v1/account/deletion", json={"password": PASSWORD}, headers=bearer(token)
    )
    assert gone.status_code == 204, gone.text
    rc.clock.set(rc.clock.now() + timedelta(days=400))
    report = rc.services.housekeeping.purge()
    assert report.bookings >= 1
    with rc.services.engine.connect() as conn:
        row = conn.execute(sa.select(reception_requests)).one()
        comments = conn.execute(sa.select(reception_events.c.comment)).scalars().all()
    assert (row.citizen_id, row.email, row.phone, row.id_document, row.first_name) == (
        None,
        "",
        "",
        "",
        "",
    )
    assert set(comments) == {""}


def test_hostile_input_gets_reasons_never_a_server_error(sqlite_rc: Central) -> None:
    token = signed_up(sqlite_rc)
    http, auth = sqlite_rc.http, bearer(token)
    for number in ("abc", "0", "9" * 30, "100000000", "-1"):
        assert http.get(f"/api/v1/receptions/{number}", headers=auth).status_code == 404
    assert http.get("/api/v1/receptions", params={"on": "1" * 41}, headers=auth).status_code == 422
    assert http.get("/api/v1/receptions", params={"status": "x"}, headers=auth).status_code == 422
    huge = request_body("2026-11-24", workplace="ə" * 5000, extra_field=1)
    assert http.post("/api/v1/receptions", json=huge, headers=auth).status_code == 422
    wrong_day = request_body("2026-02-30")
    answer = http.post("/api/v1/receptions", json=wrong_day, headers=auth)
    assert answer.status_code == 422
    assert answer.json()["errors"][0]["field"] == "day"
    assert http.post("/receptions/new", data={"official": OFFICIAL}).status_code == 403  # no CSRF
    made = http.post("/api/v1/receptions", json=request_body("2026-11-24"), headers=auth).json()
    set_secretary(sqlite_rc.services.engine, "katib", "katib-sifre-2026", [], sqlite_rc.clock.now())
    office = sqlite_rc.services.receptions.office
    with pytest.raises(Exception, match="action"):
        office.decide("katib", made["number"], "explode", "x")
    with pytest.raises(Exception, match="number"):
        office.decide("katib", "123", "close", "x")
    office.decide("katib", made["number"], "close", "bağlandı")
    with pytest.raises(Exception, match="status"):
        office.decide("katib", made["number"], "accept", "")  # closed stays closed
    assert http.get("/office").status_code == 303  # not signed in: to the sign-in page


@pytest.mark.parametrize("lang", ["az", "ru", "en"])
def test_the_office_pages_speak_the_secretarys_language(sqlite_rc: Central, lang: str) -> None:
    from server_sync.kernel.i18n import Translator
    from tests.integration.server_sync.accounts_helpers import hidden

    tr = Translator(lang)
    set_secretary(sqlite_rc.services.engine, "katib", "katib-sifre-2026", [], sqlite_rc.clock.now())
    page = sqlite_rc.http.get(f"/office/sign-in?lang={lang}")
    assert tr("office.sign_in") in page.text
    wrong = sqlite_rc.http.post(
        "/office/sign-in",
        data={
            "csrf": hidden(page.text, "csrf"),
            "lang": lang,
            "username": "katib",
            "password": "x",
        },
    )
    assert wrong.status_code == 401
    assert tr("office.sign_in_failed") in wrong.text
    signed = sqlite_rc.http.post(
        "/office/sign-in",
        data={
            "csrf": hidden(page.text, "csrf"),
            "lang": lang,
            "username": "katib",
            "password": "katib-sifre-2026",
        },
    )
    assert signed.status_code == 303
    week = sqlite_rc.http.get(f"/office?span=week&day=2026-11-24&lang={lang}")
    assert tr("office.none") in week.text
    assert "23.11.2026 – 29.11.2026" in week.text


def test_the_citizen_withdraws_a_request_and_the_place_goes_to_another(rc: Central) -> None:
    token = signed_up(rc)
    set_capacity(rc, 1)
    made = rc.http.post(
        "/api/v1/receptions", json=request_body("2026-11-24"), headers=bearer(token)
    )
    assert made.status_code == 201, made.text
    number, order_code = made.json()["number"], made.json()["order_code"]
    full = rc.http.post(
        "/api/v1/receptions", json=request_body("2026-11-24"), headers=bearer(token)
    )
    assert full.status_code in (409, 422)  # the only place on the 24th is taken

    path = f"/api/v1/receptions/{number}/withdrawal"
    assert rc.http.post(path, json={}).status_code == 401
    too_long = rc.http.post(path, json={"reason": "a" * 1001}, headers=bearer(token))
    assert too_long.status_code == 422
    withdrawn = rc.http.post(path, json={"reason": "Xəstələndim"}, headers=bearer(token))
    assert withdrawn.status_code == 200, withdrawn.text
    assert withdrawn.json()["status"] == "closed"
    last = withdrawn.json()["events"][-1]
    assert (last["kind"], last["comment"]) == ("withdrawn", "Xəstələndim")
    told = plain_text(rc.inbox.wait_kind("aysel.m@mail.az", "reception_withdrawn"))
    assert number in told
    assert "108" in told  # "if this was not you, call 108"
    again = rc.http.post(path, json={}, headers=bearer(token))
    assert again.status_code == 409
    assert (
        rc.http.post(
            "/api/v1/receptions/R-999999/withdrawal", json={}, headers=bearer(token)
        ).status_code
        == 404
    )
    with rc.services.engine.connect() as conn:
        status = conn.execute(
            sa.select(bookings.c.status).where(bookings.c.order_code == order_code)
        ).scalar_one()
    assert status == "cancelled"  # a kiosk now refuses the notice's code

    office = rc.services.receptions.office
    set_secretary(rc.services.engine, "katib", "katib-sifre-2026", [OFFICIAL], rc.clock.now())
    seen = office.one("katib", number)
    assert seen is not None
    assert seen.status == "closed"
    assert seen.events[-1].kind == "withdrawn"
    with pytest.raises(Exception, match="not_possible"):
        office.decide("katib", number, "accept", "")
    freed = rc.http.post(
        "/api/v1/receptions", json=request_body("2026-11-24"), headers=bearer(token)
    )
    assert freed.status_code == 201, freed.text  # the freed place is offered again


@pytest.mark.parametrize("lang", ["az", "ru", "en"])
def test_the_history_page_withdraws_a_request(sqlite_rc: Central, lang: str) -> None:
    from server_sync.kernel.i18n import Translator
    from tests.integration.server_sync.accounts_helpers import PASSWORD, hidden

    tr = Translator(lang)
    token = signed_up(sqlite_rc)
    number = sqlite_rc.http.post(
        "/api/v1/receptions", json=request_body("2026-11-24"), headers=bearer(token)
    ).json()["number"]
    page = sqlite_rc.http.get(f"/account/sign-in?lang={lang}")
    sqlite_rc.http.post(
        "/account/sign-in",
        data={
            "csrf": hidden(page.text, "csrf"),
            "lang": lang,
            "login": "aysel.m",
            "password": PASSWORD,
        },
    )
    detail = sqlite_rc.http.get(f"/receptions/{number}?lang={lang}")
    assert tr("reception.withdraw.title") in detail.text
    form = {"csrf": hidden(detail.text, "csrf"), "lang": lang}
    refused = sqlite_rc.http.post(
        f"/receptions/{number}/withdraw", data={**form, "reason": "a" * 1001}
    )
    assert refused.status_code == 422
    assert 'id="reason-error"' in refused.text
    done = sqlite_rc.http.post(
        f"/receptions/{number}/withdraw",
        data={**form, "reason": "Vaxtım olmayacaq"},
        follow_redirects=True,
    )
    assert done.status_code == 200
    assert tr("reception.withdraw.done") in done.text
    assert tr("reception.status.closed") in done.text
    assert "Vaxtım olmayacaq" in done.text
    assert 'id="withdraw"' not in done.text  # a closed request offers no withdrawal
    forged = sqlite_rc.http.post(f"/receptions/{number}/withdraw", data={"lang": lang})
    assert forged.status_code in (400, 403)
