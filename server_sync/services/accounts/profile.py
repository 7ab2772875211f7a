"""What a signed-in citizen does with the account: read it, change the password,
reset a forgotten one by the activation channel, keep it from the purge, delete it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.engine import Engine

from server_sync.domain import accounts as rules
from server_sync.domain.validation import FieldProblem
from server_sync.kernel.clock import Clock
from server_sync.services.accounts.codes import AccountCodes
from server_sync.services.accounts.hashing import SecretHasher
from server_sync.services.accounts.sessions import Sessions
from server_sync.services.accounts.signin import SignIn
from server_sync.services.captcha import CaptchaService
from server_sync.services.errors import Refusal, refuse
from server_sync.store import account_sql


@dataclass(frozen=True)
class CitizenProfile:
    """The account's data (the pages show the document and phones masked)."""

    id: int
    login: str
    first_name: str
    last_name: str
    father_name: str
    birth_date: date
    id_document: str
    phone: str
    email: str
    address: str
    proof_mobile: str | None
    activation_channel: str | None
    keep_account: bool
    language: str


class AccountService:
    def __init__(
        self,
        engine: Engine,
        sign_in: SignIn,
        sessions: Sessions,
        codes: AccountCodes,
        captcha: CaptchaService,
        hasher: SecretHasher,
        clock: Clock,
    ) -> None:
        self._engine = engine
        self._sign_in = sign_in
        self._sessions = sessions
        self._codes = codes
        self._captcha = captcha
        self._hasher = hasher
        self._clock = clock

    def profile(self, citizen_id: int) -> CitizenProfile:
        with self._engine.connect() as conn:
            row = account_sql.find_citizen(conn, citizen_id)
            conn.commit()
        if row is None:
            raise refuse(401, "session", "signed_out")
        return CitizenProfile(
            row.id,
            row.login,
            row.first_name,
            row.last_name,
            row.father_name,
            row.birth_date,
            row.id_document,
            row.phone,
            row.email,
            row.address,
            row.proof_mobile,
            row.activation_channel,
            bool(row.keep_account),
            row.language,
        )

    def _new_password(self, login: str, password: str, repeat: str) -> str:
        problems: list[FieldProblem] = []
        try:
            rules.check_password(password, login, "new_password")
            rules.check_password_repeat(password, repeat, "new_password_repeat")
        except FieldProblem as problem:
            problems.append(problem)
        if problems:
            raise Refusal(422, problems)
        return self._hasher.hash(password)

    def change_password(
        self, citizen_id: int, current: str, new: str, repeat: str, client: str, keep: str
    ) -> None:
        """Needs the current password (under the lock-out); other sessions end."""
        me = self.profile(citizen_id)
        new_hash = self._new_password(me.login, new, repeat)
        if not current:
            raise refuse(422, "current_password", "required")
        try:
            self._sign_in.check_password(me.login, current, client)
        except Refusal as refusal:
            raise Refusal(
                refusal.status,
                [FieldProblem("current_password", p.code) for p in refusal.problems],
                refusal.retry_after,
            ) from None
        with self._engine.begin() as conn:
            account_sql.update_citizen(conn, citizen_id, {"password_hash": new_hash})
            self._sessions.close_others(conn, citizen_id, keep)

    def own_booking(self, citizen_id: int, order_code: str) -> tuple[str, str] | None:
        """The order code and e-mail of the citizen's own booking with this code."""
        digits = "".join(ch for ch in order_code if ch.isdigit())[:12]
        with self._engine.connect() as conn:
            row = account_sql.booking_of(conn, citizen_id, digits)
            conn.commit()
        if row is None or not row.email:
            return None
        return str(row.order_code), str(row.email)

    def set_keep(self, citizen_id: int, keep: bool) -> None:
        with self._engine.begin() as conn:
            account_sql.update_citizen(conn, citizen_id, {"keep_account": keep})

    def delete(self, citizen_id: int, password: str, client: str) -> None:
        """Delete the account for good, confirmed with the password."""
        me = self.profile(citizen_id)
        if not password:
            raise refuse(422, "password", "required")
        self._sign_in.check_password(me.login, password, client)
        with self._engine.begin() as conn:
            account_sql.delete_citizen(conn, citizen_id)

    def request_reset(
        self, login: str, captcha_token: str, captcha_answer: str, client: str, language: str
    ) -> str | None:
        """Send a reset code by the account's activation channel. The answer is the same
        whether or not the login exists (the channel is returned only for the page)."""
        if not login.strip():
            raise refuse(422, "login", "required")
        self._captcha.check(captcha_token, captcha_answer, client)
        with self._engine.begin() as conn:
            row = account_sql.find_by_login(conn, rules.login_key(login))
            if row is None or row.activated_at is None or row.activation_channel is None:
                return None
            self._codes.send(conn, row, "reset", row.activation_channel, language)
            return str(row.activation_channel)

    def reset_password(self, login: str, code: str, new: str, repeat: str) -> None:
        """A right reset code sets the new password, unlocks, and ends every session."""
        with self._engine.connect() as conn:
            row = account_sql.find_by_login(conn, rules.login_key(login)) if login else None
            conn.commit()
        if row is None or row.activated_at is None:
            raise refuse(422, "code", "account_code_wrong")
        new_hash = self._new_password(row.login, new, repeat)
        self._codes.use(int(row.id), "reset", code)
        with self._engine.begin() as conn:
            account_sql.update_citizen(
                conn,
                int(row.id),
                {"password_hash": new_hash, "failed_sign_ins": 0, "locked_until": None},
            )
            self._sessions.close_others(conn, int(row.id), None)
