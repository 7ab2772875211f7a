"""Every refusal of the seed-003 "panel of reasons", each with its own code, over HTTP."""

from __future__ import annotations

import pytest

from tests.integration.server_sync.conftest import Central
from tests.integration.server_sync.helpers import form

BOTH_STORES = pytest.mark.parametrize(
    "central", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)], indirect=True
)


def codes_of(response) -> dict[str, str]:
    return {e["field"]: e["code"] for e in response.json()["errors"]}


def test_every_bad_field_gets_its_own_reason_in_the_requests_language(central: Central) -> None:
    bad = form(
        "12",
        "not-an-email",
        first_name="A",
        last_name="Məmməd0va",
        father_name="",
        id_document="AZE123",
        phone="+994 12 345 67 89",
        language="ru",
    )
    response = central.http.post("/api/v1/bookings", json=bad)
    assert response.status_code == 422
    assert codes_of(response) == {
        "first_name": "too_short",
        "last_name": "letters_only",
        "father_name": "required",
        "id_document": "id_document_format",
        "phone": "phone_not_mobile",
        "email": "email_format",
    }
    messages = {e["field"]: e["message"] for e in response.json()["errors"]}
    assert messages["father_name"] == "Заполните это поле."


def test_missing_fields_and_wrong_types_are_422_not_500(central: Central) -> None:
    response = central.http.post("/api/v1/bookings", json={"first_name": 5})
    assert response.status_code == 422
    assert codes_of(response)["last_name"] == "required"
    assert codes_of(response)["first_name"] == "invalid"
    assert central.http.post("/api/v1/bookings", content=b"{nope").status_code == 422
    assert central.http.post("/api/v1/bookings", json=[1, 2]).status_code == 422


@pytest.mark.parametrize(
    ("date", "time", "field", "code"),
    [
        ("2026-11-23", "10:00", "date", "date_too_soon"),  # today: at least one day ahead
        ("2026-11-20", "10:00", "date", "date_in_past"),
        ("2026-12-08", "10:00", "date", "date_beyond_horizon"),  # 15 days ahead
        ("2026-11-29", "10:00", "date", "centre_closed"),  # Sunday
        ("2026-12-31", "10:00", "date", "date_beyond_horizon"),
        ("24.11.2026", "10:00", "date", "date_format"),
        ("2026-11-24", "10:10", "time", "time_not_offered"),
        ("2026-11-24", "19:00", "time", "time_not_offered"),
        ("2026-11-24", "25:00", "time", "time_format"),
    ],
)
def test_date_and_time_rules(central: Central, date: str, time: str, field: str, code: str) -> None:
    response = central.http.post(
        "/api/v1/bookings", json=form("123456", "a@mail.az", date=date, time=time)
    )
    assert response.status_code == 422
    assert codes_of(response) == {field: code}


def test_lunch_break_and_holiday_have_no_slots(central: Central) -> None:
    gence = central.http.get(
        "/api/v1/slots", params={"centre": "gence", "service": "passport", "date": "2026-11-24"}
    ).json()["slots"]
    starts = [s["time"] for s in gence]
    assert "12:30" in starts
    assert "13:00" not in starts
    assert "13:30" not in starts
    assert "14:00" in starts
    assert starts[-1] == "17:30"
    central.clock.advance(days=30)
    holiday = central.http.get(
        "/api/v1/slots", params={"centre": "baku-1", "service": "passport", "date": "2026-12-31"}
    )
    assert holiday.status_code == 200
    assert holiday.json()["slots"] == []


def test_service_and_centre_problems(central: Central) -> None:
    cases = [
        ({"service": "water"}, {"service": "service_not_online"}),
        ({"service": "nope"}, {"service": "unknown_service"}),
        ({"centre": "nope"}, {"centre": "unknown_centre"}),
        ({"centre": "gence", "service": "residence"}, {"centre": "service_not_offered"}),
    ]
    for changes, expected in cases:
        response = central.http.post(
            "/api/v1/bookings", json=form("123456", "a@mail.az", **changes)
        )
        assert codes_of(response) == expected, changes
    slots = central.http.get(
        "/api/v1/slots", params={"centre": "x", "service": "passport", "date": "2026-11-24"}
    )
    assert slots.status_code == 404


@BOTH_STORES
def test_one_active_booking_per_id_card_per_service_per_day(central: Central) -> None:
    first = central.http.post(
        "/api/v1/bookings", json=form(central.code_for("a@mail.az"), "a@mail.az")
    )
    assert first.status_code == 201
    second = central.http.post(
        "/api/v1/bookings", json=form(central.code_for("b@mail.az"), "b@mail.az", time="15:00")
    )
    assert second.status_code == 422
    assert codes_of(second) == {"id_document": "already_booked"}
    other_day = central.http.post(
        "/api/v1/bookings", json=form(central.code_for("b@mail.az"), "b@mail.az", date="2026-11-25")
    )
    assert other_day.status_code == 201


@BOTH_STORES
def test_slot_full_is_409(central: Central) -> None:
    for n in range(6):  # two counters × 30 min / 10 min
        address = f"p{n}@mail.az"
        response = central.http.post(
            "/api/v1/bookings",
            json=form(central.code_for(address), address, id_document=f"AZE1000000{n}"),
        )
        assert response.status_code == 201
    late = central.http.post(
        "/api/v1/bookings",
        json=form(central.code_for("late@mail.az"), "late@mail.az", id_document="AA1234567"),
    )
    assert late.status_code == 409
    assert codes_of(late) == {"time": "slot_full"}


@BOTH_STORES
def test_five_wrong_codes_burn_it_then_429(central: Central) -> None:
    right = central.code_for("a@mail.az")
    wrong = "000000" if right != "000000" else "111111"
    for _ in range(5):
        response = central.http.post("/api/v1/bookings", json=form(wrong, "a@mail.az"))
        assert response.status_code == 422
        assert codes_of(response) == {"confirmation_code": "code_wrong"}
    burned = central.http.post("/api/v1/bookings", json=form(right, "a@mail.az"))
    assert burned.status_code == 429
    assert codes_of(burned) == {"confirmation_code": "code_burned"}


@BOTH_STORES
def test_code_is_single_use_and_expires_after_ten_minutes(central: Central) -> None:
    code = central.code_for("a@mail.az")
    assert central.http.post("/api/v1/bookings", json=form(code, "a@mail.az")).status_code == 201
    reuse = central.http.post(
        "/api/v1/bookings", json=form(code, "a@mail.az", id_document="AA7654321")
    )
    assert codes_of(reuse) == {"confirmation_code": "code_used"}
    code = central.code_for("a@mail.az")
    central.clock.advance(minutes=10)
    late = central.http.post(
        "/api/v1/bookings", json=form(code, "a@mail.az", id_document="AA7654321")
    )
    assert codes_of(late) == {"confirmation_code": "code_expired"}
    never = central.http.post("/api/v1/bookings", json=form("123456", "new@mail.az"))
    assert codes_of(never) == {"confirmation_code": "code_missing"}


def test_unknown_and_malformed_order_codes(central: Central) -> None:
    assert central.http.get(
        "/api/v1/bookings/123456789012", params={"email": "a@mail.az"}
    ).status_code in (404, 422)
    bad = central.http.get("/api/v1/bookings/12ab", params={"email": "a@mail.az"})
    assert bad.status_code == 422
    assert codes_of(bad) == {"order_code": "order_code_format"}
    from server_sync.kernel.order_codes import generate_order_code

    unknown = central.http.get(
        f"/api/v1/bookings/{generate_order_code()}", params={"email": "a@mail.az"}
    )
    assert unknown.status_code == 404
    assert codes_of(unknown) == {"order_code": "not_found"}
    assert central.http.get("/api/v1/nothing-here").status_code == 404
