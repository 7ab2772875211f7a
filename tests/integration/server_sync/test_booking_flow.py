"""The seed-003 flow end to end over real HTTP (uvicorn) and real SMTP (aiosmtpd)."""

from __future__ import annotations

import io

import pytest
import zxingcpp
from PIL import Image

from tests.integration.server_sync.conftest import Central
from tests.integration.server_sync.helpers import form, plain_text


def free_at(central: Central, time: str, day: str = "2026-11-24") -> int:
    slots = central.http.get(
        "/api/v1/slots", params={"centre": "baku-1", "service": "passport", "date": day}
    ).json()["slots"]
    return int(next(s["free"] for s in slots if s["time"] == time))


BOTH_STORES = pytest.mark.parametrize(
    "central", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)], indirect=True
)


@BOTH_STORES
def test_citizen_books_with_code_from_mail_and_gets_order_mail(central: Central) -> None:
    address = "aysel@mail.az"
    before = free_at(central, "10:00")
    code = central.code_for(address)

    response = central.http.post("/api/v1/bookings", json=form(code, address, language="ru"))

    assert response.status_code == 201, response.text
    booked = response.json()
    order_code = booked["order_code"]
    assert len(order_code) == 12
    assert order_code.isdigit()
    assert booked["date"] == "2026-11-24"
    assert booked["time"] == "10:00"
    assert "Баку" in booked["centre_address"]
    assert "09:30" in booked["checkin_rule"]
    assert "10:00" in booked["checkin_rule"]
    assert free_at(central, "10:00") == before - 1

    mail = central.inbox.wait_kind(address, "confirmed")
    assert "Онлайн-запись принята" in mail["Subject"]
    text = plain_text(mail)
    spaced = " ".join(order_code[i : i + 4] for i in range(0, 12, 4))
    assert spaced in text
    assert "Баку" in text
    parts = {p.get_content_type(): p for p in mail.walk()}
    qr = Image.open(io.BytesIO(parts["image/png"].get_content()))
    assert [r.text for r in zxingcpp.read_barcodes(qr)] == [order_code]
    html = parts["text/html"].get_content()
    assert f"cid:{parts['image/png']['Content-ID'][1:-1]}" in html
    ics = parts["text/calendar"].get_content()
    assert "DTSTART:20261124T060000Z" in ics  # 10:00 in Baku is 06:00 UTC

    qr_png = central.http.get(booked["qr_code_url"])
    assert qr_png.status_code == 200
    assert qr_png.headers["content-type"] == "image/png"


@BOTH_STORES
def test_lookup_and_cancel_free_the_place_at_once(central: Central) -> None:
    address = "elvin@mail.az"
    code = central.code_for(address)
    order_code = central.http.post("/api/v1/bookings", json=form(code, address)).json()[
        "order_code"
    ]
    before = free_at(central, "10:00")

    found = central.http.get(f"/api/v1/bookings/{order_code}", params={"email": "ELVIN@mail.az"})
    assert found.status_code == 200
    assert found.json()["status"] == "booked"
    stranger = central.http.get(f"/api/v1/bookings/{order_code}", params={"email": "other@mail.az"})
    assert stranger.status_code == 404

    cancelled = central.http.delete(f"/api/v1/bookings/{order_code}", params={"email": address})
    assert cancelled.status_code == 200
    assert cancelled.json()["status"] == "cancelled"
    assert free_at(central, "10:00") == before + 1
    again = central.http.delete(f"/api/v1/bookings/{order_code}", params={"email": address})
    assert again.status_code == 409
    assert central.inbox.wait_kind(address, "cancelled")

    # the same person may book the same service that day again once cancelled
    code = central.code_for(address)
    assert central.http.post("/api/v1/bookings", json=form(code, address)).status_code == 201


def test_catalogue_lists_agencies_services_and_centres(central: Central) -> None:
    body = central.http.get("/api/v1/catalogue").json()
    assert {a["id"] for a in body["agencies"]} == {"dmx", "azersu"}
    centre = next(c for c in body["centres"] if c["id"] == "gence")
    assert centre["hours"]["mon"] == [["09:00", "13:00"], ["14:00", "18:00"]]
    assert "counters" not in centre
    assert central.http.get("/openapi.json").json()["paths"]["/api/v1/bookings"]["post"]
