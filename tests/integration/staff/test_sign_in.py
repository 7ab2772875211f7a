"""Staff sign-in: hashed secrets, roles, lock-out, every attempt audited."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from kiosk_app.domain.staff import Role
from kiosk_app.services.staff.auth import SignInRefused, StaffSession
from kiosk_app.store import read_tx, tables
from tests.integration.staff.conftest import Centre


def test_roles_sign_in_and_the_secret_is_stored_hashed(centre: Centre) -> None:
    centre.auth.add_user("aysel", "Aysel Əliyeva", Role.OPERATOR, "4321")
    centre.auth.add_user("rauf", "Rauf Həsənov", Role.MANAGER, "manager-pass")
    s = centre.auth.sign_in("aysel", "4321")
    assert s == StaffSession("aysel", "Aysel Əliyeva", Role.OPERATOR)
    assert centre.auth.sign_in("rauf", "manager-pass").role is Role.MANAGER  # type: ignore[union-attr]
    with read_tx(centre.engine) as conn:
        digest = conn.execute(
            select(tables.staff_users.c.secret_hash).where(tables.staff_users.c.username == "aysel")
        ).scalar_one()
    assert digest.startswith("$argon2")
    assert "4321" not in digest


def test_repeated_failures_lock_the_account_for_a_while(centre: Centre) -> None:
    centre.auth.add_user("aysel", "Aysel", Role.OPERATOR, "4321")
    assert centre.auth.sign_in("nobody", "x1234") == SignInRefused("wrong")
    assert centre.auth.sign_in("aysel", "0000") == SignInRefused("wrong")
    assert centre.auth.sign_in("aysel", "1111") == SignInRefused("wrong")
    locked = centre.auth.sign_in("aysel", "2222")
    assert isinstance(locked, SignInRefused)
    assert locked.reason == "locked"
    # even the right PIN is refused while locked
    assert isinstance(centre.auth.sign_in("aysel", "4321"), SignInRefused)
    centre.clock.advance(minutes=11)
    assert isinstance(centre.auth.sign_in("aysel", "4321"), StaffSession)
    with read_tx(centre.engine) as conn:
        actions = list(
            conn.execute(
                select(tables.audit_log.c.action).order_by(tables.audit_log.c.id)
            ).scalars()
        )
    assert actions.count("sign_in_failed") == 3
    assert "locked_out" in actions
    assert actions[-1] == "sign_in"


def test_short_secrets_and_empty_fields_are_refused(centre: Centre) -> None:
    with pytest.raises(ValueError, match="at least"):
        centre.auth.add_user("x", "X", Role.IT, "12")
    assert centre.auth.sign_in("", "") == SignInRefused("empty")
