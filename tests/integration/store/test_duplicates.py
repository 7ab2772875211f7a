"""Duplicates at the centre are told by the driver's error code and the
constraint's name, never by the message text (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import Engine, insert
from sqlalchemy.exc import IntegrityError

from kiosk_app.domain.staff import Role
from kiosk_app.store import read_tx, staff_repo, write_tx
from kiosk_app.store.errors import is_duplicate, is_unique_violation
from kiosk_app.store.tables import tickets
from kiosk_app.store.ticket_repo import is_repeated_request
from server_sync.kernel.clock import BAKU

AT = datetime(2026, 11, 23, 10, 0, tzinfo=BAKU)


def _ticket(sequence: int, **extra: object) -> dict[str, object]:
    return {
        "centre_id": "baku-1",
        "day": date(2026, 11, 23),
        "letter": "A",
        "sequence": sequence,
        "service_id": "passport",
        "kind": "walk_in",
        "status": "waiting",
        "issued_at": AT,
        "call_time": AT,
        "language": "az",
        "request_id": None,
        **extra,
    }


def _clash(engine: Engine, first: dict[str, object], second: dict[str, object]) -> IntegrityError:
    with write_tx(engine) as conn:
        conn.execute(insert(tickets).values(first))
    with pytest.raises(IntegrityError) as caught, write_tx(engine) as conn:
        conn.execute(insert(tickets).values(second))
    return caught.value


def test_a_repeated_request_id_is_told_apart_from_other_clashes(engine: Engine) -> None:
    repeated = _clash(engine, _ticket(1, request_id="tap-1"), _ticket(2, request_id="tap-1"))
    assert is_unique_violation(repeated)
    assert is_repeated_request(repeated)
    number = _clash(engine, _ticket(5), _ticket(5))  # the same number twice
    assert is_unique_violation(number)
    named = engine.dialect.name == "postgresql"
    # PostgreSQL names the constraint: a clash on the number is not a repeated request;
    # SQLite does not, so the ticket desk looks the request up to be sure.
    assert is_repeated_request(number) is not named
    assert is_duplicate(number, "uq_tickets_number") is (True if named else None)


def test_a_missing_value_is_no_duplicate(engine: Engine) -> None:
    with pytest.raises(IntegrityError) as caught, write_tx(engine) as conn:
        conn.execute(insert(tickets).values({**_ticket(1), "service_id": None}))
    assert not is_unique_violation(caught.value)
    assert is_duplicate(caught.value, "uq_tickets_request_id") is False
    assert not is_repeated_request(caught.value)


def test_a_taken_username_is_refused_and_the_transaction_goes_on(engine: Engine) -> None:
    with write_tx(engine) as conn:
        staff_repo.add_user(conn, "aysel", "Aysel", Role.OPERATOR, "h1")
        with pytest.raises(staff_repo.UserExists):
            staff_repo.add_user(conn, "aysel", "Aysel M.", Role.MANAGER, "h2")
        staff_repo.add_user(conn, "rauf", "Rauf", Role.MANAGER, "h3")
    with read_tx(engine) as conn:
        assert [u.username for u in staff_repo.list_users(conn)] == ["aysel", "rauf"]
        found = staff_repo.get_user(conn, "aysel")
    assert found is not None
    assert found[1] == "h1"
