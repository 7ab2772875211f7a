"""The sign-in lock-out under a burst, on SQLite and PostgreSQL: 30 wrong passwords and
the right one at once. The attempt is counted and the lock set in one conditional
UPDATE before any password is evaluated, so at most `max_failed_sign_ins` passwords
are ever evaluated, and the right password is refused while the account is locked."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import date

import pytest
from sqlalchemy.engine import Engine

from server_sync.api.deps import Services
from server_sync.app import build_services
from server_sync.config import AccountSettings, ServerSettings
from server_sync.kernel.clock import FixedClock
from server_sync.services.accounts.hashing import Argon2Hasher
from server_sync.services.errors import Refusal
from server_sync.settings import CentralSettings
from server_sync.store import account_sql
from server_sync.store.db import create_store_engine
from server_sync.store.migrate import upgrade
from tests.integration.server_sync.helpers import wait_for

RIGHT, LIMIT = "Bahar2026qapi", 5


class GatedHasher(Argon2Hasher):
    """argon2, but every verification waits at a gate the test opens: so every attempt
    of the burst has been let through or refused before any verdict is known."""

    def __init__(self) -> None:
        super().__init__()
        self.gate = threading.Event()
        self.evaluated: list[str] = []
        self._lock = threading.Lock()

    def verify(self, hashed: str, secret: str) -> bool:
        with self._lock:
            self.evaluated.append(secret)
        self.gate.wait(30)
        return super().verify(hashed, secret)


@pytest.fixture
def lockout(empty_store_url: str, clock: FixedClock) -> Iterator[tuple[Services, GatedHasher]]:
    engine: Engine = create_store_engine(empty_store_url, 40)
    upgrade(engine)
    hasher = GatedHasher()
    settings = CentralSettings(
        server=ServerSettings(db_url=empty_store_url, secret_key="test-secret", jobs=False),
        accounts=AccountSettings(max_failed_sign_ins=LIMIT, captcha_after_failures=100),
    )
    services = build_services(settings, clock, engine=engine, hasher=hasher)
    now = clock.now()
    with engine.begin() as conn:
        account_sql.insert_citizen(
            conn,
            {
                "login": "aysel.m",
                "login_key": "aysel.m",
                "password_hash": hasher.hash(RIGHT),
                "fin_key": "k",
                "id_document": "AZE10000001",
                "first_name": "Aysel",
                "last_name": "M",
                "father_name": "R",
                "birth_date": date(1990, 5, 17),
                "phone": "+994501112233",
                "email": "aysel.m@mail.az",
                "address": "Bakı 1",
                "secret_question": "first_school",
                "secret_answer_hash": "x",
                "activated_at": now,
                "activation_channel": "email",
                "created_at": now,
                "last_active_at": now,
            },
        )
    yield services, hasher
    engine.dispose()


def attempt(services: Services, password: str) -> str:
    try:
        services.accounts.sign_in.check_password("aysel.m", password, "10.0.0.1")
    except Refusal as refusal:
        return refusal.problems[0].code
    return "ok"


def settled(futures: list[Future[str]], hasher: GatedHasher, count: int) -> bool:
    """Every attempt either answered already or is waiting at the gate."""
    return sum(f.done() for f in futures) + len(hasher.evaluated) >= count


def test_the_right_password_is_refused_while_a_burst_keeps_the_account_locked(
    lockout: tuple[Services, GatedHasher],
) -> None:
    services, hasher = lockout
    with ThreadPoolExecutor(32) as pool:
        start = threading.Barrier(30)

        def wrong(n: int) -> str:
            start.wait()
            return attempt(services, f"wrong-{n}")

        burst = [pool.submit(wrong, n) for n in range(30)]
        wait_for(lambda: settled(burst, hasher, 30), 60, "the burst's claims")
        right = pool.submit(attempt, services, RIGHT)  # arrives while the others are in flight
        assert right.result(30) == "account_locked"
        hasher.gate.set()
        outcomes = [f.result(30) for f in burst]
    assert len(hasher.evaluated) <= LIMIT
    assert RIGHT not in hasher.evaluated
    assert outcomes.count("ok") == 0
    assert set(outcomes) <= {"sign_in_failed", "account_locked"}
    assert outcomes.count("account_locked") >= 30 - LIMIT


def test_thirty_wrong_and_the_right_one_at_once_evaluate_at_most_the_limit(
    lockout: tuple[Services, GatedHasher],
) -> None:
    services, hasher = lockout
    passwords = [f"wrong-{n}" for n in range(30)] + [RIGHT]
    start = threading.Barrier(len(passwords))

    def one(password: str) -> str:
        start.wait()
        return attempt(services, password)

    with ThreadPoolExecutor(len(passwords)) as pool:
        futures = [pool.submit(one, p) for p in passwords]
        wait_for(lambda: settled(futures, hasher, len(passwords)), 60, "every claim")
        hasher.gate.set()
        outcomes = dict(zip(passwords, (f.result(30) for f in futures), strict=True))
    assert len(hasher.evaluated) <= LIMIT
    assert all(outcomes[p] != "ok" for p in passwords[:-1])
    # Even when evaluated, the right one is refused once the burst has locked the account
    # (it gets in only as the very claim that reached the limit, before any lock held).
    assert outcomes[RIGHT] in {"account_locked", "sign_in_retry", "ok"}
    assert attempt(services, RIGHT) == ("ok" if outcomes[RIGHT] == "ok" else "account_locked")


def test_a_lock_lifted_between_claim_and_answer_is_claimed_again(
    lockout: tuple[Services, GatedHasher], monkeypatch: pytest.MonkeyPatch
) -> None:
    """One failure short of the limit, two right passwords at once: the first claim
    holds the provisional lock while its password is checked, the second is refused
    by it, and the first then lifts it. The second must be evaluated, not told
    "locked" for a lock that no longer holds."""
    services, hasher = lockout
    for n in range(LIMIT - 1):
        hasher.gate.set()
        assert attempt(services, f"wrong-{n}") == "sign_in_failed"
    hasher.gate.clear()
    real_lock_state = account_sql.lock_state
    first: Future[str] | None = None

    def first_finishes_then_lock_state(*args: object, **kwargs: object) -> object:
        # the second attempt's claim was refused; before it reads why, the first
        # attempt's password is checked and lifts the lock
        if first is not None and not first.done():
            hasher.gate.set()
            first.result(30)
        return real_lock_state(*args, **kwargs)  # type: ignore[arg-type]

    with ThreadPoolExecutor(1) as pool:
        first = pool.submit(attempt, services, RIGHT)
        wait_for(
            lambda: hasher.evaluated == [*(f"wrong-{n}" for n in range(LIMIT - 1)), RIGHT],
            30,
            "the first claim",
        )
        monkeypatch.setattr(account_sql, "lock_state", first_finishes_then_lock_state)
        second = attempt(services, RIGHT)
        assert first.result(30) == "ok"
    assert second == "ok"
