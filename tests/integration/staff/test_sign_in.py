"""Staff sign-in: hashed secrets, roles, lock-out, every attempt audited."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from sqlalchemy import select

from kiosk_app.domain.staff import Role
from kiosk_app.services.staff.auth import SignInRefused, StaffAuth, StaffSession
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


class CountingAuth(StaffAuth):
    """The real sign-in; it notes each secret it evaluates with argon2."""

    def __init__(self, centre: Centre) -> None:
        super().__init__(centre.engine, centre.clock, centre.auth.rule)
        self.evaluated: list[str] = []
        self._lock = threading.Lock()

    def _verify(self, digest: str, secret: str) -> bool:
        with self._lock:
            self.evaluated.append(secret)
        return super()._verify(digest, secret)


def test_thirty_wrong_pins_and_the_right_one_at_once_evaluate_at_most_the_limit(
    centre: Centre,
) -> None:
    centre.auth.add_user("aysel", "Aysel", Role.OPERATOR, "4321")
    auth = CountingAuth(centre)
    pins = [f"{1000 + n}" for n in range(30)] + ["4321"]
    start = threading.Barrier(len(pins))

    def one(pin: str) -> StaffSession | SignInRefused:
        start.wait()
        return auth.sign_in("aysel", pin)

    with ThreadPoolExecutor(len(pins)) as pool:
        results = dict(zip(pins, pool.map(one, pins), strict=True))
    assert len(auth.evaluated) <= 3  # the conftest's rule: a lock at the 3rd failure
    assert all(isinstance(results[p], SignInRefused) for p in pins[:-1])
    locked = [r for r in results.values() if isinstance(r, SignInRefused) and r.reason == "locked"]
    assert len(locked) >= 27
    if not isinstance(results["4321"], StaffSession):
        assert centre.auth.sign_in("aysel", "4321") == SignInRefused(
            "locked", locked[0].locked_until
        )


def test_the_lock_doubles_after_it_ends_and_a_manager_can_unlock(centre: Centre) -> None:
    centre.auth.add_user("aysel", "Aysel", Role.OPERATOR, "4321")
    for pin in ("0000", "1111", "2222"):
        centre.auth.sign_in("aysel", pin)
    centre.clock.advance(minutes=10, seconds=1)
    again = centre.auth.sign_in("aysel", "3333")  # one more guess: locked twice as long
    assert isinstance(again, SignInRefused)
    assert again.reason == "locked"
    assert again.locked_until == centre.clock.now() + timedelta(minutes=20)
    assert centre.auth.unlock("aysel", by="rauf")
    assert isinstance(centre.auth.sign_in("aysel", "4321"), StaffSession)
